// The changes that commonly happen to a body between the sender's signature and the handler's
// check (a newline added or stripped, line ends converted, a byte-order mark, tabs for spaces, the
// JSON re-serialised), each as a way to write the body the sender most likely signed. Nothing is
// written until the search asks: a change is a description and a writer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/explain/digest_search.hpp"
#include "core/explain/json_styles.hpp"

namespace core {

struct BodyChange {
  std::string code;         // a fixed token for scripts, e.g. "trailing_newline_added"
  std::string description;  // a sentence for a person
  std::string advice;       // one line for the handler's author
  std::uint64_t size = 0;   // of what write() produces
  BodyWriter write;
  // A re-serialisation: serialisers end with a newline or not, so both are tried.
  std::optional<JsonStyle> style;
};

// Most likely first; the body (and the shape, inspected from it) must outlive the changes.
std::vector<BodyChange> body_changes(std::string_view body, const std::optional<JsonShape>& shape);

// The sentence for a re-serialisation that matched, with or without the final newline. When the
// signed body was indented and this one is it with its line breaks removed (curl -d), says that.
BodyChange describe_reserialisation(const BodyChange& change, std::string_view body,
                                    bool with_newline);

// Advice shared by every change that a handler makes by parsing or trimming before it verifies.
extern const std::string_view raw_body_advice;

}  // namespace core
