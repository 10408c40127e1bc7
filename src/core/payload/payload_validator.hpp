// Checks a payload as it streams past (a JSON event handler) and builds the model: the header
// fields, and each run group handed over as soon as it is complete. Every problem is collected,
// with its JSON Pointer, instead of stopping at the first.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/payload/payload.hpp"
#include "util/json_reader.hpp"

namespace core {

struct PayloadProblem {
  std::string pointer;   // where; "" is the whole document
  std::string message;   // what is wrong
  bool is_error = true;  // false: a warning
};

struct ValidationOptions {
  // Also flag unknown fields, unknown statuses and events, duplicate keys, and make summary
  // counts that disagree with the groups errors instead of warnings.
  bool strict = false;
  std::size_t max_problems = 100;
};

class PayloadValidator : public util::JsonHandler {
 public:
  // Each group as it completes, with what the payload's header holds so far (the fields that
  // came before the group).
  using GroupSink = std::function<void(RunGroup&& group, const PayloadHeader& header_so_far)>;
  explicit PayloadValidator(ValidationOptions options = {}, GroupSink on_group = {});

  void begin_object(const util::JsonPath& path) override;
  void key(const util::JsonPath& path, std::string_view key) override;
  void end_object(const util::JsonPath& path, std::size_t members) override;
  void begin_array(const util::JsonPath& path) override;
  void end_array(const util::JsonPath& path, std::size_t elements) override;
  void scalar(const util::JsonPath& path, util::JsonScalarKind kind,
              std::string_view text) override;

  // The checks that need the whole document; call once after the parse succeeded.
  void finish();

  bool valid() const { return error_count_ == 0; }
  const std::vector<PayloadProblem>& problems() const { return problems_; }
  std::size_t problems_not_kept() const { return problems_not_kept_; }
  const PayloadHeader& header() const { return header_; }
  std::size_t group_count() const { return group_count_; }

 private:
  enum class Place { root, app, git, summary, groups, group, runs, run, unchecked };
  static constexpr std::size_t place_count = 9;
  enum class Type {
    object,
    array,
    string,
    string_or_null,
    object_or_null,
    timestamp,
    count,
    boolean,
    any
  };
  enum class Requirement { optional, required, required_in_run_status };
  using Store = void (*)(PayloadValidator& self, const util::JsonPath& path,
                         std::string_view value);
  // One row of the schema: a member of an object (or, with an empty key, every element of an
  // array), what it must be, and where a scalar's value goes in the model.
  struct Field {
    Place parent;
    std::string_view key;
    Type type;
    Place place = Place::unchecked;  // what a container value is
    Requirement requirement = Requirement::optional;
    Store store = nullptr;                                  // a string or boolean kept
    std::optional<std::int64_t> Summary::*count = nullptr;  // a summary count kept
  };
  struct Frame {
    Place place;
    std::vector<std::string> known_keys_seen;
    std::unordered_set<std::string> all_keys;  // for duplicates
  };

  static const std::vector<Field>& schema();
  // The schema's rows for the members of one place, found once, so a lookup scans a handful.
  static const std::vector<const Field*>& fields_of(Place parent);
  // The rule for a member of `parent`, or null for a field the schema does not know.
  static const Field* field_for(Place parent, std::string_view key);
  static const char* describe(Type type);
  const Field* field_at(const util::JsonPath& path) const;
  void report_type_mismatch(const util::JsonPath& path, Type expected, const char* got);
  void store_count(const util::JsonPath& path, const Field& field, std::string_view text);
  void check_status(const util::JsonPath& path, std::string_view status);
  void problem(const std::string& pointer, std::string message, bool is_error = true);
  void check_required(const util::JsonPath& path, const Frame& frame);
  void compare_count(const std::string& name, std::int64_t counted, const std::string& noun,
                     const std::string& predicate);

  ValidationOptions options_;
  GroupSink on_group_;
  std::vector<Frame> frames_;
  std::vector<std::string> root_keys_seen_;
  PayloadHeader header_;
  RunGroup group_;
  Run run_;
  std::size_t group_count_ = 0;
  std::size_t run_count_ = 0;
  std::map<std::string, std::int64_t> groups_by_status_;
  std::map<std::string, std::int64_t> runs_by_status_;
  std::vector<PayloadProblem> problems_;
  std::size_t problems_not_kept_ = 0;
  std::size_t error_count_ = 0;
  bool root_is_object_ = false;
};

}  // namespace core
