// libpq, loaded when a PostgreSQL store is first opened rather than when the helper starts: with
// what it brings (Kerberos, LDAP, GnuTLS) it cost every store command over a millisecond of
// loading, SQLite or not. Only postgres_database.cpp includes this header (and so libpq's).
#pragma once

#include <libpq-fe.h>

#include <string>

namespace store {

// The functions the PostgreSQL engine calls, by their own names.
struct Libpq {
  decltype(&::PQclear) PQclear = nullptr;
  decltype(&::PQconnectdbParams) PQconnectdbParams = nullptr;
  decltype(&::PQerrorMessage) PQerrorMessage = nullptr;
  decltype(&::PQexec) PQexec = nullptr;
  decltype(&::PQexecPrepared) PQexecPrepared = nullptr;
  decltype(&::PQfinish) PQfinish = nullptr;
  decltype(&::PQgetisnull) PQgetisnull = nullptr;
  decltype(&::PQgetlength) PQgetlength = nullptr;
  decltype(&::PQgetvalue) PQgetvalue = nullptr;
  decltype(&::PQntuples) PQntuples = nullptr;
  decltype(&::PQprepare) PQprepare = nullptr;
  decltype(&::PQreset) PQreset = nullptr;
  decltype(&::PQresultErrorField) PQresultErrorField = nullptr;
  decltype(&::PQresultErrorMessage) PQresultErrorMessage = nullptr;
  decltype(&::PQresultStatus) PQresultStatus = nullptr;
  decltype(&::PQstatus) PQstatus = nullptr;
};

// The library's soname, as Debian's libpq5 installs it.
inline constexpr const char* libpq_soname = "libpq.so.5";

// Loads libpq once (any thread); throws StoreError naming the store and the library when it
// cannot. The library stays loaded until the program ends.
const Libpq& libpq(const std::string& description);

}  // namespace store
