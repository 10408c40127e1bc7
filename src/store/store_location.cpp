#include "store/store_location.hpp"

#include <string>

namespace store {

namespace {
// What a person may see of a libpq string: the database and the host, never the user or the
// password. key=value strings and URIs both; anything not understood is left out.
std::string describe_postgres(std::string_view text) {
  std::string host, database;
  if (text.starts_with("postgres://") || text.starts_with("postgresql://")) {
    std::string_view rest = text.substr(text.find("://") + 3);
    const auto at = rest.find('@');
    const auto slash_before_at = rest.find('/');
    if (at != std::string_view::npos &&
        (slash_before_at == std::string_view::npos || at < slash_before_at))
      rest.remove_prefix(at + 1);  // user:password@ is never described
    const auto slash = rest.find('/');
    host = std::string(rest.substr(0, slash));
    if (slash != std::string_view::npos) {
      std::string_view tail = rest.substr(slash + 1);
      database = std::string(tail.substr(0, tail.find('?')));
      const auto query = tail.find('?');
      if (query != std::string_view::npos) {
        // host=/path in the query names a Unix socket folder.
        std::string_view parameters = tail.substr(query + 1);
        while (!parameters.empty()) {
          const auto amp = parameters.find('&');
          const std::string_view pair = parameters.substr(0, amp);
          if (pair.starts_with("host=") && host.empty()) host = std::string(pair.substr(5));
          if (pair.starts_with("dbname=")) database = std::string(pair.substr(7));
          if (amp == std::string_view::npos) break;
          parameters.remove_prefix(amp + 1);
        }
      }
    }
  } else {
    std::string_view rest = text;
    while (!rest.empty()) {
      const auto space = rest.find(' ');
      const std::string_view pair = rest.substr(0, space);
      if (pair.starts_with("host=")) host = std::string(pair.substr(5));
      if (pair.starts_with("dbname=")) database = std::string(pair.substr(7));
      if (space == std::string_view::npos) break;
      rest.remove_prefix(space + 1);
    }
  }
  // Percent-encoded socket folders and odd bytes are shown as they are, but only printable ASCII.
  const auto printable = [](std::string value) {
    for (char& c : value)
      if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e) c = '?';
    return value;
  };
  std::string description = "PostgreSQL database";
  if (!database.empty()) description += " '" + printable(database) + "'";
  description += " on " + (host.empty() ? std::string("the default host") : printable(host));
  return description;
}
}  // namespace

util::Expected<StoreLocation> parse_store_location(std::string_view text) {
  StoreLocation location;
  if (text.starts_with("sqlite:")) {
    location.target = std::string(text.substr(7));
    if (location.target.starts_with("//")) location.target.erase(0, 2);  // sqlite:///abs/path
    if (location.target.empty())
      return util::unexpected("a store 'sqlite:PATH' needs its file's path after 'sqlite:'");
    location.description = location.target;
    return location;
  }
  if (text.starts_with("postgres://") || text.starts_with("postgresql://") ||
      text.find('=') != std::string_view::npos) {
    location.engine = Engine::postgres;
    location.target = std::string(text);
    location.description = describe_postgres(text);
    return location;
  }
  return util::unexpected(
      "a store is 'sqlite:PATH', 'postgres://...' or a PostgreSQL 'key=value' string");
}

util::Expected<StoreLocation> default_store_location(const char* xdg_data_home, const char* home) {
  std::string folder;
  if (xdg_data_home && xdg_data_home[0] == '/')
    folder = xdg_data_home;
  else if (home && home[0] == '/')
    folder = std::string(home) + "/.local/share";
  else
    return util::unexpected(
        "no store named and no home folder for the default one: give --store sqlite:PATH");
  StoreLocation location;
  location.target = folder + "/autosana-webhook/store.db";
  location.description = location.target;
  location.is_default = true;
  return location;
}

}  // namespace store
