// core/handler_answer: what the --forward target's answer says about the user's handler.
#include <doctest/doctest.h>

#include "core/delivery/handler_answer.hpp"

TEST_CASE("core::judge_handler_answer, from a table") {
  using core::DeliveryOutcome;
  struct Case {
    DeliveryOutcome outcome;
    int status;
    const char* code;  // "" for no problem
  };
  const Case cases[] = {
      {DeliveryOutcome::verified, 200, ""},
      {DeliveryOutcome::verified, 204, ""},
      {DeliveryOutcome::verified, 302, ""},
      {DeliveryOutcome::verified, 401, "handler_refused_verified"},
      {DeliveryOutcome::verified, 403, "handler_refused_verified"},
      {DeliveryOutcome::verified, 400, "handler_rejected_verified"},
      {DeliveryOutcome::verified, 422, "handler_rejected_verified"},
      {DeliveryOutcome::verified, 500, "handler_failed_verified"},
      {DeliveryOutcome::verified, 503, "handler_failed_verified"},
      // Only a delivery that verified here says something about the handler's check.
      {DeliveryOutcome::unverified, 401, ""},
      {DeliveryOutcome::rejected, 401, ""},
      {DeliveryOutcome::refused, 500, ""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.status);
    const auto problem = core::judge_handler_answer(c.outcome, c.status);
    CHECK(problem.has_value() == (c.code[0] != '\0'));
    if (problem) {
      CHECK(problem->code == c.code);
      CHECK(problem->text.find(std::to_string(c.status)) != std::string::npos);
    }
  }
  const auto refused = core::judge_handler_answer(DeliveryOutcome::verified, 401);
  REQUIRE(refused);
  CHECK(refused->text.find("re-encoded body") != std::string::npos);
  CHECK(refused->text.find("verify --explain --request") != std::string::npos);
}
