#include "core/payload_validator.hpp"

#include <algorithm>
#include <charconv>

#include "util/rfc3339.hpp"

namespace core {

namespace {
using util::JsonScalarKind;

const char* describe_scalar(JsonScalarKind kind, std::string_view text) {
  switch (kind) {
    case JsonScalarKind::string: return "a string";
    case JsonScalarKind::number: return "a number";
    case JsonScalarKind::boolean: return text == "true" ? "true" : "false";
    case JsonScalarKind::null: return "null";
  }
  return "a value";
}

bool contains(const std::vector<std::string>& keys, std::string_view key) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

}  // namespace

const char* PayloadValidator::describe(Type type) {
  switch (type) {
    case Type::object:
    case Type::object_or_null: return "an object";
    case Type::array: return "an array";
    case Type::string:
    case Type::string_or_null: return "a string";
    case Type::timestamp: return "an RFC 3339 time string";
    case Type::count: return "a non-negative integer";
    case Type::boolean: return "true or false";
    case Type::any: break;
  }
  return "a value";
}

const std::vector<std::string>& PayloadValidator::required_keys(Place place) {
  static const std::vector<std::string> none;
  static const std::vector<std::string> app{"id", "name", "platform"};
  static const std::vector<std::string> git{"commit_sha", "branch"};
  static const std::vector<std::string> summary{"total_groups", "passed_groups", "failed_groups"};
  static const std::vector<std::string> group{"name", "status", "runs"};
  static const std::vector<std::string> run{"name", "status"};
  switch (place) {
    case Place::app: return app;
    case Place::git: return git;
    case Place::summary: return summary;
    case Place::group: return group;
    case Place::run: return run;
    default: return none;  // the root's keys depend on its kind: checked in finish()
  }
}

PayloadValidator::PayloadValidator(ValidationOptions options, GroupSink on_group)
    : options_(options), on_group_(std::move(on_group)) {}

void PayloadValidator::problem(const std::string& pointer, std::string message, bool is_error) {
  if (is_error) ++error_count_;
  if (problems_.size() >= options_.max_problems) {
    ++problems_not_kept_;
    return;
  }
  problems_.push_back(PayloadProblem{pointer, std::move(message), is_error});
}

PayloadValidator::Expectation PayloadValidator::expectation_for(const util::JsonPath& path) const {
  if (path.depth() == 0) return {Type::object, Place::root};
  return expectation_for(frames_.back().place, path.back().key);
}

PayloadValidator::Expectation PayloadValidator::expectation_for(Place parent,
                                                                std::string_view key) const {
  const auto is = [&](std::initializer_list<const char*> names) {
    return std::any_of(names.begin(), names.end(), [&](const char* name) { return key == name; });
  };
  switch (parent) {
    case Place::root:
      if (key == "event" || key == "batch_id") return {Type::string, Place::unchecked};
      if (key == "timestamp") return {Type::timestamp, Place::unchecked};
      if (key == "app") return {Type::object, Place::app};
      if (key == "git") return {Type::object_or_null, Place::git};
      if (key == "summary") return {Type::object, Place::summary};
      if (key == "run_groups") return {Type::array, Place::groups};
      if (key == "is_complete") return {Type::boolean, Place::unchecked};
      break;
    case Place::app:
      if (is({"id", "name", "platform"})) return {Type::string, Place::unchecked};
      if (key == "url") return {Type::string_or_null, Place::unchecked};
      break;
    case Place::git:
      if (is({"commit_sha", "branch"})) return {Type::string, Place::unchecked};
      break;
    case Place::summary:
      for (const auto& field : summary_count_fields)
        if (key == field.name) return {Type::count, Place::unchecked};
      break;
    case Place::groups: return {Type::object, Place::group};
    case Place::group:
      if (is({"name", "status"})) return {Type::string, Place::unchecked};
      if (key == "url") return {Type::string_or_null, Place::unchecked};
      if (key == "runs") return {Type::array, Place::runs};
      break;
    case Place::runs: return {Type::object, Place::run};
    case Place::run:
      if (is({"name", "status"})) return {Type::string, Place::unchecked};
      if (is({"url", "id"})) return {Type::string_or_null, Place::unchecked};
      break;
    case Place::unchecked: return {Type::any, Place::unchecked};
  }
  return {Type::any, Place::unchecked};  // an unknown field: kept and allowed
}

bool PayloadValidator::check_type(const util::JsonPath& path, const Expectation& expected,
                                  const char* got) {
  problem(path.pointer(), std::string("expected ") + describe(expected.type) + ", got " + got);
  return false;
}

void PayloadValidator::key(const util::JsonPath& path, std::string_view key) {
  Frame& frame = frames_.back();
  if (options_.strict && !frame.all_keys.emplace(key).second)
    problem(path.pointer() + "/" + util::escape_pointer_token(key), "duplicate key");
  if (frame.place == Place::unchecked) return;
  if (expectation_for(frame.place, key).type == Type::any) {
    if (options_.strict)
      problem(path.pointer() + "/" + util::escape_pointer_token(key), "unknown field");
  } else {
    frame.known_keys_seen.emplace_back(key);
  }
}

void PayloadValidator::begin_object(const util::JsonPath& path) {
  Expectation expected = expectation_for(path);
  if (expected.type != Type::object && expected.type != Type::object_or_null &&
      expected.type != Type::any) {
    check_type(path, expected, "an object");
    expected.place = Place::unchecked;
  }
  if (path.depth() == 0) root_is_object_ = true;
  if (expected.place == Place::git) header_.git = Git{};
  if (expected.place == Place::group) group_ = RunGroup{};
  if (expected.place == Place::run) run_ = Run{};
  frames_.push_back(Frame{expected.place, {}, {}});
}

void PayloadValidator::check_required(const util::JsonPath& path, const Frame& frame) {
  for (const std::string& name : required_keys(frame.place))
    if (!contains(frame.known_keys_seen, name)) problem(path.pointer() + "/" + name, "missing");
}

void PayloadValidator::end_object(const util::JsonPath& path, std::size_t) {
  const Frame frame = std::move(frames_.back());
  frames_.pop_back();
  if (frame.place == Place::root) root_keys_seen_ = frame.known_keys_seen;
  check_required(path, frame);
  if (frame.place == Place::run) {
    ++run_count_;
    ++runs_by_status_[run_.status];
    group_.runs.push_back(std::move(run_));
  } else if (frame.place == Place::group) {
    ++group_count_;
    ++groups_by_status_[group_.status];
    if (on_group_) on_group_(std::move(group_));
  }
}

void PayloadValidator::begin_array(const util::JsonPath& path) {
  Expectation expected = expectation_for(path);
  if (expected.type != Type::array && expected.type != Type::any) {
    check_type(path, expected, "an array");
    expected.place = Place::unchecked;
  }
  frames_.push_back(Frame{expected.place, {}, {}});
}

void PayloadValidator::end_array(const util::JsonPath&, std::size_t) {
  frames_.pop_back();
}

void PayloadValidator::scalar(const util::JsonPath& path, JsonScalarKind kind,
                              std::string_view text) {
  const Expectation expected = expectation_for(path);
  const bool is_null = kind == JsonScalarKind::null;
  switch (expected.type) {
    case Type::any: return;
    case Type::object:
    case Type::array: check_type(path, expected, describe_scalar(kind, text)); return;
    case Type::object_or_null:
      if (!is_null) check_type(path, expected, describe_scalar(kind, text));
      return;
    case Type::string_or_null:
      if (is_null) return;
      [[fallthrough]];
    case Type::string:
    case Type::timestamp:
      if (kind != JsonScalarKind::string) {
        check_type(path, expected, describe_scalar(kind, text));
        return;
      }
      break;
    case Type::count:
      if (kind != JsonScalarKind::number) {
        check_type(path, expected, describe_scalar(kind, text));
        return;
      }
      break;
    case Type::boolean:
      if (kind != JsonScalarKind::boolean) {
        check_type(path, expected, describe_scalar(kind, text));
        return;
      }
      break;
  }
  store_scalar(path, kind, text);
}

void PayloadValidator::store_scalar(const util::JsonPath& path, JsonScalarKind kind,
                                    std::string_view text) {
  const Place place = frames_.back().place;
  const std::string& key = path.back().key;
  const std::string_view value = text;
  switch (place) {
    case Place::root:
      if (key == "event") header_.event = std::string(value);
      if (key == "batch_id") header_.batch_id = std::string(value);
      if (key == "is_complete") header_.is_complete = text == "true";
      if (key == "timestamp") {
        header_.timestamp = std::string(value);
        if (auto parsed = util::parse_rfc3339(text); !parsed)
          problem(path.pointer(), parsed.error());
      }
      break;
    case Place::app:
      if (key == "id") header_.app.id = std::string(value);
      if (key == "name") header_.app.name = std::string(value);
      if (key == "platform") header_.app.platform = std::string(value);
      if (key == "url") header_.app.url = std::string(value);
      break;
    case Place::git:
      if (key == "commit_sha") header_.git->commit_sha = std::string(value);
      if (key == "branch") header_.git->branch = std::string(value);
      break;
    case Place::summary: {
      std::int64_t number = 0;
      const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
      if (error == std::errc::result_out_of_range ||
          (error == std::errc() && end != text.data() + text.size() &&
           text.find_first_of(".eE") == std::string_view::npos)) {
        problem(path.pointer(), "the count " + std::string(value) + " is too large");
      } else if (error != std::errc() || end != text.data() + text.size()) {
        problem(path.pointer(), "expected a non-negative integer, got " + std::string(value));
      } else if (number < 0) {
        problem(path.pointer(), "a count cannot be negative, got " + std::string(value));
      } else {
        for (const auto& field : summary_count_fields)
          if (key == field.name) header_.summary.*(field.member) = number;
      }
      (void)kind;
      break;
    }
    case Place::group:
      if (key == "name") group_.name = std::string(value);
      if (key == "url") group_.url = std::string(value);
      if (key == "status") {
        group_.status = std::string(value);
        if (options_.strict && !is_known_status(value))
          problem(path.pointer(), "unknown status '" + std::string(value) + "'");
      }
      break;
    case Place::run:
      if (key == "name") run_.name = std::string(value);
      if (key == "url") run_.url = std::string(value);
      if (key == "id") run_.id = std::string(value);
      if (key == "status") {
        run_.status = std::string(value);
        if (options_.strict && !is_known_status(value))
          problem(path.pointer(), "unknown status '" + std::string(value) + "'");
      }
      break;
    default: break;
  }
}

void PayloadValidator::compare_count(const std::string& name, std::int64_t counted,
                                     const std::string& noun, const std::string& predicate) {
  std::optional<std::int64_t> stated;
  for (const auto& field : summary_count_fields)
    if (name == field.name) stated = header_.summary.*(field.member);
  if (!stated || *stated == counted) return;
  // "1 group is listed", "2 runs have status failed"
  const bool one = counted == 1;
  std::string verb_phrase = predicate;
  if (!one)
    verb_phrase = predicate.starts_with("is ") ? "are " + predicate.substr(3)
                                                 : "have " + predicate.substr(4);
  problem("/summary/" + name,
          "says " + std::to_string(*stated) + " but " + std::to_string(counted) + " " + noun +
              (one ? " " : "s ") + verb_phrase,
          options_.strict);
}

void PayloadValidator::finish() {
  if (!root_is_object_) return;  // already reported: nothing else can be checked
  const bool has_event = contains(root_keys_seen_, "event");
  const bool has_batch = contains(root_keys_seen_, "batch_id");
  if (!has_event && !has_batch) {
    problem("/event", "missing (a webhook payload has /event, a run-status response /batch_id)");
    return;
  }
  header_.kind = has_event ? PayloadKind::webhook : PayloadKind::run_status;
  std::vector<std::string> required{"timestamp", "app", "summary", "run_groups"};
  if (header_.kind == PayloadKind::run_status) required.emplace_back("is_complete");
  for (const std::string& name : required)
    if (!contains(root_keys_seen_, name)) problem("/" + name, "missing");
  if (has_event && header_.event != "batch.completed" && contains(root_keys_seen_, "event"))
    problem("/event", "unknown event '" + header_.event + "' (expected batch.completed)",
            options_.strict);

  const auto with_status = [](const std::map<std::string, std::int64_t>& counts,
                              const char* status) {
    const auto found = counts.find(status);
    return found == counts.end() ? std::int64_t{0} : found->second;
  };
  if (contains(root_keys_seen_, "run_groups")) {
    compare_count("total_groups", static_cast<std::int64_t>(group_count_), "group", "is listed");
    compare_count("passed_groups", with_status(groups_by_status_, "passed"), "group",
                  "has status passed");
    compare_count("failed_groups", with_status(groups_by_status_, "failed"), "group",
                  "has status failed");
    compare_count("total_flows", static_cast<std::int64_t>(run_count_), "run", "is listed");
    for (const char* status : {"passed", "failed", "error", "terminated", "skipped"})
      compare_count(std::string(status) + "_flows", with_status(runs_by_status_, status), "run",
                    std::string("has status ") + status);
  }
}

}  // namespace core
