// Checks a payload as it streams past (a JSON event handler) and builds the model: the header
// fields, and each run group handed over as soon as it is complete. Every problem is collected,
// with its JSON Pointer, instead of stopping at the first.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/payload.hpp"
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
  using GroupSink = std::function<void(RunGroup&& group)>;
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
  struct Expectation {
    Type type;
    Place place;  // for containers
  };
  struct Frame {
    Place place;
    std::vector<std::string> known_keys_seen;
    std::unordered_set<std::string> all_keys;  // --strict only, for duplicates
  };

  static const char* describe(Type type);
  static const std::vector<std::string>& required_keys(Place place);
  Expectation expectation_for(const util::JsonPath& path) const;
  Expectation expectation_for(Place parent, std::string_view key) const;
  bool check_type(const util::JsonPath& path, const Expectation& expected, const char* got);
  void store_scalar(const util::JsonPath& path, util::JsonScalarKind kind, std::string_view text);
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
