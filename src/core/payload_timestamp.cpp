#include "core/payload_timestamp.hpp"

#include <nlohmann/json.hpp>

namespace core {

namespace {
class TimestampFinder : public nlohmann::json_sax<nlohmann::json> {
 public:
  std::string timestamp;
  std::string problem;
  bool found = false;

  bool null() override { return value_seen("null"); }
  bool boolean(bool) override { return value_seen("a boolean"); }
  bool number_integer(number_integer_t) override { return value_seen("a number"); }
  bool number_unsigned(number_unsigned_t) override { return value_seen("a number"); }
  bool number_float(number_float_t, const string_t&) override { return value_seen("a number"); }
  bool string(string_t& value) override {
    if (key_is_timestamp()) {
      timestamp = value;
      found = true;
      return false;  // stop: nothing after it matters
    }
    return true;
  }
  bool binary(binary_t&) override { return value_seen("binary"); }
  bool start_object(std::size_t) override {
    if (key_is_timestamp()) return wrong_type("an object");
    ++depth_;
    return true;
  }
  bool end_object() override {
    --depth_;
    return true;
  }
  bool start_array(std::size_t) override {
    if (depth_ == 0) return wrong_type("an array, not an object");
    if (key_is_timestamp()) return wrong_type("an array");
    ++depth_;
    return true;
  }
  bool end_array() override {
    --depth_;
    return true;
  }
  bool key(string_t& name) override {
    last_key_is_timestamp_ = depth_ == 1 && name == "timestamp";
    return true;
  }
  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception&) override {
    problem = "the payload is not valid JSON (at byte " + std::to_string(position) + ")";
    return false;
  }

 private:
  bool key_is_timestamp() const { return depth_ == 1 && last_key_is_timestamp_; }
  bool value_seen(const char* type) {
    if (depth_ == 0) return wrong_type(type);
    return key_is_timestamp() ? wrong_type(type) : true;
  }
  bool wrong_type(const std::string& type) {
    problem = depth_ == 0 ? "the payload is " + type + ", not a JSON object"
                          : "the payload's timestamp is " + type + ", not a string";
    return false;
  }

  int depth_ = 0;
  bool last_key_is_timestamp_ = false;
};

template <typename Input>
util::Expected<std::string> find_in(Input&& input) {
  TimestampFinder finder;
  nlohmann::json::sax_parse(std::forward<Input>(input), &finder);
  if (finder.found) return finder.timestamp;
  if (!finder.problem.empty()) return util::unexpected(finder.problem);
  return util::unexpected("the payload has no top-level \"timestamp\" field");
}
}  // namespace

util::Expected<std::string> find_payload_timestamp(std::string_view body) {
  return find_in(body);
}

util::Expected<std::string> find_payload_timestamp(std::FILE* body) {
  return find_in(body);
}

}  // namespace core
