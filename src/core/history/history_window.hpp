// Why a history's window holds no batch: the filter that left everything out, and what the input
// held instead. A gate must not read an empty window as "nothing newly failing".
#pragma once

#include <optional>
#include <string>

#include "core/history/flow_history.hpp"

namespace core {

// None when the window holds a batch; else one line for a person, such as "no batch on branch
// 'mian'; branches in the input: main (9), feature/login (5); did you mean main?"
std::optional<std::string> explain_empty_window(const FlowHistory& history,
                                                const HistoryFilter& filter);

}  // namespace core
