#include "store/libpq_library.hpp"

#include <dlfcn.h>

#include "store/database.hpp"

namespace store {

namespace {
struct Loaded {
  Libpq functions;
  std::string error;  // empty when every function was found
};

template <typename Function>
void bind(void* library, Function& function, const char* name, std::string& error) {
  void* symbol = ::dlsym(library, name);
  if (!symbol && error.empty()) error = std::string(libpq_soname) + " has no " + name;
  // POSIX guarantees that dlsym's pointer to a function may be cast back to its type.
  function = reinterpret_cast<Function>(symbol);
}

Loaded load() {
  Loaded loaded;
  void* library = ::dlopen(libpq_soname, RTLD_NOW | RTLD_LOCAL);
  if (!library) {
    const char* why = ::dlerror();
    loaded.error = std::string("PostgreSQL needs ") + libpq_soname +
                   " (Debian's libpq5), which cannot be loaded" +
                   (why ? std::string(": ") + why : "");
    return loaded;
  }
  Libpq& f = loaded.functions;
  std::string& error = loaded.error;
  bind(library, f.PQclear, "PQclear", error);
  bind(library, f.PQconnectdbParams, "PQconnectdbParams", error);
  bind(library, f.PQerrorMessage, "PQerrorMessage", error);
  bind(library, f.PQexec, "PQexec", error);
  bind(library, f.PQexecPrepared, "PQexecPrepared", error);
  bind(library, f.PQfinish, "PQfinish", error);
  bind(library, f.PQgetisnull, "PQgetisnull", error);
  bind(library, f.PQgetlength, "PQgetlength", error);
  bind(library, f.PQgetvalue, "PQgetvalue", error);
  bind(library, f.PQntuples, "PQntuples", error);
  bind(library, f.PQprepare, "PQprepare", error);
  bind(library, f.PQreset, "PQreset", error);
  bind(library, f.PQresultErrorField, "PQresultErrorField", error);
  bind(library, f.PQresultErrorMessage, "PQresultErrorMessage", error);
  bind(library, f.PQresultStatus, "PQresultStatus", error);
  bind(library, f.PQstatus, "PQstatus", error);
  return loaded;
}
}  // namespace

const Libpq& libpq(const std::string& description) {
  static const Loaded loaded = load();
  if (!loaded.error.empty()) throw StoreError(description + ": " + loaded.error);
  return loaded.functions;
}

}  // namespace store
