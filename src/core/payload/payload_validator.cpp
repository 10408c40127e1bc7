#include "core/payload/payload_validator.hpp"

#include <fmt/core.h>
#include <algorithm>
#include <array>
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

const std::vector<PayloadValidator::Field>& PayloadValidator::schema() {
  using P = Place;
  using T = Type;
  using R = Requirement;
  static const std::vector<Field> fields = [] {
    std::vector<Field> rows{
        {P::root, "event", T::string, P::unchecked, R::optional,
         [](PayloadValidator& self, const util::JsonPath&, std::string_view value) {
           self.header_.event = value;
         }},
        {P::root, "batch_id", T::string, P::unchecked, R::optional,
         [](PayloadValidator& self, const util::JsonPath&, std::string_view value) {
           self.header_.batch_id = value;
         }},
        {P::root, "timestamp", T::timestamp, P::unchecked, R::required,
         [](PayloadValidator& self, const util::JsonPath& path, std::string_view value) {
           self.header_.timestamp = value;
           if (auto parsed = util::parse_rfc3339(value); !parsed)
             self.problem(path.pointer(), parsed.error());
         }},
        {P::root, "app", T::object, P::app, R::required},
        {P::root, "git", T::object_or_null, P::git},
        {P::root, "summary", T::object, P::summary, R::required},
        {P::root, "run_groups", T::array, P::groups, R::required},
        {P::root, "is_complete", T::boolean, P::unchecked, R::required_in_run_status,
         [](PayloadValidator& self, const util::JsonPath&, std::string_view value) {
           self.header_.is_complete = value == "true";
         }},
        {P::app, "id", T::string, P::unchecked, R::required,
         [](PayloadValidator& self, const util::JsonPath&, std::string_view value) {
           self.header_.app.id = value;
         }},
        {P::app, "name", T::string, P::unchecked, R::required,
         [](PayloadValidator& self, const util::JsonPath&, std::string_view value) {
           self.header_.app.name = value;
         }},
        {P::app, "platform", T::string, P::unchecked, R::required,
         [](PayloadValidator& self, const util::JsonPath&, std::string_view value) {
           self.header_.app.platform = value;
         }},
        {P::app, "url", T::string_or_null, P::unchecked, R::optional,
         [](PayloadValidator& self, const util::JsonPath&, std::string_view value) {
           self.header_.app.url = value;
         }},
        {P::git, "commit_sha", T::string, P::unchecked, R::required,
         [](PayloadValidator& self, const util::JsonPath&, std::string_view value) {
           self.header_.git->commit_sha = value;
         }},
        {P::git, "branch", T::string, P::unchecked, R::required,
         [](PayloadValidator& self, const util::JsonPath&, std::string_view value) {
           self.header_.git->branch = value;
         }},
        {P::groups, "", T::object, P::group},
        {P::group, "name", T::string, P::unchecked, R::required,
         [](PayloadValidator& self, const util::JsonPath&, std::string_view value) {
           self.group_.name = value;
         }},
        {P::group, "status", T::string, P::unchecked, R::required,
         [](PayloadValidator& self, const util::JsonPath& path, std::string_view value) {
           self.group_.status = value;
           self.check_status(path, value);
         }},
        {P::group, "url", T::string_or_null, P::unchecked, R::optional,
         [](PayloadValidator& self, const util::JsonPath&, std::string_view value) {
           self.group_.url = value;
         }},
        {P::group, "runs", T::array, P::runs, R::required},
        {P::runs, "", T::object, P::run},
        {P::run, "name", T::string, P::unchecked, R::required,
         [](PayloadValidator& self, const util::JsonPath&, std::string_view value) {
           self.run_.name = value;
         }},
        {P::run, "status", T::string, P::unchecked, R::required,
         [](PayloadValidator& self, const util::JsonPath& path, std::string_view value) {
           self.run_.status = value;
           self.check_status(path, value);
         }},
        {P::run, "url", T::string_or_null, P::unchecked, R::optional,
         [](PayloadValidator& self, const util::JsonPath&, std::string_view value) {
           self.run_.url = value;
         }},
        {P::run, "id", T::string_or_null, P::unchecked, R::optional,
         [](PayloadValidator& self, const util::JsonPath&, std::string_view value) {
           self.run_.id = value;
         }},
    };
    // The first three counts are required; the flow counts come with the run-status response.
    for (std::size_t i = 0; i < std::size(summary_count_fields); ++i)
      rows.push_back({P::summary, summary_count_fields[i].name, T::count, P::unchecked,
                      i < 3 ? R::required : R::optional, nullptr, summary_count_fields[i].member});
    return rows;
  }();
  return fields;
}

const std::vector<const PayloadValidator::Field*>& PayloadValidator::fields_of(Place parent) {
  static const auto by_place = [] {
    std::array<std::vector<const Field*>, place_count> index;
    for (const Field& field : schema())
      index[static_cast<std::size_t>(field.parent)].push_back(&field);
    return index;
  }();
  return by_place[static_cast<std::size_t>(parent)];
}

const PayloadValidator::Field* PayloadValidator::field_for(Place parent, std::string_view key) {
  for (const Field* field : fields_of(parent))
    if (field->key.empty() || field->key == key) return field;
  return nullptr;
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

// The rule for the value at path: the root is an object; anything inside an unchecked container
// (or unknown to the schema) has none.
const PayloadValidator::Field* PayloadValidator::field_at(const util::JsonPath& path) const {
  static const Field root{Place::unchecked, "", Type::object, Place::root};
  if (path.depth() == 0) return &root;
  return field_for(frames_.back().place, path.back().key);
}

void PayloadValidator::report_type_mismatch(const util::JsonPath& path, Type expected,
                                            const char* got) {
  problem(path.pointer(), std::string("expected ") + describe(expected) + ", got " + got);
}

void PayloadValidator::check_status(const util::JsonPath& path, std::string_view status) {
  if (options_.strict && !is_known_status(status))
    problem(path.pointer(), "unknown status '" + std::string(status) + "'");
}

void PayloadValidator::key(const util::JsonPath& path, std::string_view key) {
  Frame& frame = frames_.back();
  // Every command reads the last of duplicate keys (as JSON.parse does); say so, as an error
  // under --strict.
  if (!frame.all_keys.emplace(key).second)
    problem(path.pointer() + "/" + util::escape_pointer_token(key),
            "duplicate key (the last one counts)", options_.strict);
  if (frame.place == Place::unchecked) return;
  if (field_for(frame.place, key) == nullptr) {
    if (options_.strict)
      problem(path.pointer() + "/" + util::escape_pointer_token(key), "unknown field");
  } else {
    frame.known_keys_seen.emplace_back(key);
  }
}

void PayloadValidator::begin_object(const util::JsonPath& path) {
  const Field* field = field_at(path);
  Place place = field ? field->place : Place::unchecked;
  if (field && field->type != Type::object && field->type != Type::object_or_null) {
    report_type_mismatch(path, field->type, "an object");
    place = Place::unchecked;
  }
  if (path.depth() == 0) root_is_object_ = true;
  if (place == Place::git) header_.git = Git{};
  if (place == Place::group) group_ = RunGroup{};
  if (place == Place::run) run_ = Run{};
  frames_.push_back(Frame{place, {}, {}});
}

void PayloadValidator::check_required(const util::JsonPath& path, const Frame& frame) {
  if (frame.place == Place::root) return;  // its keys depend on its kind: checked in finish()
  for (const Field* field : fields_of(frame.place))
    if (field->requirement == Requirement::required && !contains(frame.known_keys_seen, field->key))
      problem(path.pointer() + "/" + std::string(field->key), "missing");
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
    if (on_group_) on_group_(std::move(group_), header_);
  }
}

void PayloadValidator::begin_array(const util::JsonPath& path) {
  const Field* field = field_at(path);
  Place place = field ? field->place : Place::unchecked;
  if (field && field->type != Type::array) {
    report_type_mismatch(path, field->type, "an array");
    place = Place::unchecked;
  }
  frames_.push_back(Frame{place, {}, {}});
}

void PayloadValidator::end_array(const util::JsonPath&, std::size_t) {
  frames_.pop_back();
}

void PayloadValidator::scalar(const util::JsonPath& path, JsonScalarKind kind,
                              std::string_view text) {
  const Field* field = field_at(path);
  if (field == nullptr) return;  // unchecked or unknown: kept and allowed
  const bool is_null = kind == JsonScalarKind::null;
  const bool null_allowed =
      field->type == Type::string_or_null || field->type == Type::object_or_null;
  if (is_null && null_allowed) return;
  const bool fits = (field->type == Type::string || field->type == Type::string_or_null ||
                     field->type == Type::timestamp)
                        ? kind == JsonScalarKind::string
                    : field->type == Type::count   ? kind == JsonScalarKind::number
                    : field->type == Type::boolean ? kind == JsonScalarKind::boolean
                                                   : false;  // a container was expected
  if (!fits) {
    report_type_mismatch(path, field->type, describe_scalar(kind, text));
    return;
  }
  if (field->count != nullptr) store_count(path, *field, text);
  if (field->store != nullptr) field->store(*this, path, text);
}

void PayloadValidator::store_count(const util::JsonPath& path, const Field& field,
                                   std::string_view text) {
  std::int64_t number = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  const std::string shown(text);
  if (error == std::errc::result_out_of_range ||
      (error == std::errc() && end != text.data() + text.size() &&
       text.find_first_of(".eE") == std::string_view::npos)) {
    problem(path.pointer(), "the count " + shown + " is too large");
  } else if (error != std::errc() || end != text.data() + text.size()) {
    problem(path.pointer(), "expected a non-negative integer, got " + shown);
  } else if (number < 0) {
    problem(path.pointer(), "a count cannot be negative, got " + shown);
  } else {
    header_.summary.*(field.count) = number;
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
    verb_phrase =
        predicate.starts_with("is ") ? "are " + predicate.substr(3) : "have " + predicate.substr(4);
  problem(
      "/summary/" + name,
      fmt::format("says {} but {} {}{} {}", *stated, counted, noun, one ? "" : "s", verb_phrase),
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
  for (const Field* field : fields_of(Place::root)) {
    const bool required = field->requirement == Requirement::required ||
                          (field->requirement == Requirement::required_in_run_status &&
                           header_.kind == PayloadKind::run_status);
    if (required && !contains(root_keys_seen_, field->key))
      problem("/" + std::string(field->key), "missing");
  }
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
