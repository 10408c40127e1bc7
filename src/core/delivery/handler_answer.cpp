#include "core/delivery/handler_answer.hpp"

#include <fmt/core.h>

namespace core {

std::optional<HandlerProblem> judge_handler_answer(DeliveryOutcome outcome, int status) {
  if (outcome != DeliveryOutcome::verified || status < 400) return std::nullopt;
  if (status == 401 || status == 403)
    return HandlerProblem{
        "handler_refused_verified",
        fmt::format("your handler refused ({}) a delivery that verified here: it most likely "
                    "checks the signature over a re-encoded body (parsed and written again) or "
                    "with another secret (one with a line break?); save the request it received "
                    "and run verify --explain --request FILE on it",
                    status)};
  if (status < 500)
    return HandlerProblem{
        "handler_rejected_verified",
        fmt::format("your handler rejected ({}) a delivery that verified here: it may not accept "
                    "this payload's fields; its answer's body may say why",
                    status)};
  return HandlerProblem{
      "handler_failed_verified",
      fmt::format("your handler failed ({}) on a delivery that verified here: its own log says why",
                  status)};
}

}  // namespace core
