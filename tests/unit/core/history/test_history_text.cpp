// core/history_text: a history for a person at a terminal.
#include <doctest/doctest.h>

#include "core/history/history_render.hpp"
#include "history_fixtures.hpp"

TEST_CASE("core::render_history_text says what newly fails, flips and was fixed, in that order") {
  const std::string text = core::render_history_text(test::small_history(), core::TextStyle{});
  CHECK(text ==
        "History: 4 batches, 2025-02-01T09:00:00.000Z to 2025-02-04T09:00:00.000Z\n"
        "App: Shop (com.example.shop); branches: main (4)\n"
        "Pass rate: 69% (11 of 16 runs), 4 flows\n"
        "\n"
        "Newly failing (1):\n"
        "    [FAIL] Checkout / pay - failing in 2 batches since main @ c3aaaaa "
        "(2025-02-03T09:00:00.000Z)  https://autosana.ai/runs/flow/c4aaaaaaaaa-pay\n"
        "Flaky (1):\n"
        "    [FLKY] Login / sso - 3 flips, passed 2 of 4 (50%)  "
        "https://autosana.ai/runs/flow/c4aaaaaaaaa-sso\n"
        "Fixed (1):\n"
        "    [ ok ] Search / filters - passing in 3 batches since main @ c2aaaaa "
        "(2025-02-02T09:00:00.000Z); it was broken for 1d (1 batch) from main @ c1aaaaa\n"
        "\n"
        "Pass rate per flow, lowest first (flows that ever failed):\n"
        "     50%  Checkout / pay (2 of 4)\n"
        "     50%  Login / sso (2 of 4)\n"
        "     75%  Search / filters (3 of 4)\n"
        "\n"
        "Pass rate per batch, oldest first (the latest 4 of 4):\n"
        "    2025-02-01T09:00:00.000Z   75% (3 of 4)  main @ c1aaaaa\n"
        "    2025-02-02T09:00:00.000Z   75% (3 of 4)  main @ c2aaaaa\n"
        "    2025-02-03T09:00:00.000Z   75% (3 of 4)  main @ c3aaaaa\n"
        "    2025-02-04T09:00:00.000Z   50% (2 of 4)  main @ c4aaaaa\n");
}

TEST_CASE("core::render_history_text colours by tone and escapes names for the terminal") {
  core::TextStyle style;
  style.unicode = true;
  style.tone_start[static_cast<std::size_t>(core::Tone::bad)] = "<bad>";
  style.tone_start[static_cast<std::size_t>(core::Tone::good)] = "<good>";
  style.tone_end = "</>";
  const std::string text =
      core::render_history_text(test::small_history("pay\x1b[2J\xE2\x80\xAE"), style);
  CHECK(text.find("\x1b[2J") == std::string::npos);
  CHECK(text.find("<bad>Newly failing (1):</>") != std::string::npos);
  CHECK(text.find("<bad>\xE2\x9C\x97</> Checkout / pay") != std::string::npos);
}

TEST_CASE("core::render_history_text with no batch") {
  core::HistoryFilter filter;
  filter.branch = "nowhere";
  core::HistoryBuilder builder(filter, 1);
  test::add_batch(builder, "2025-02-01T09:00:00Z", "main", "c1", {{"G", "flow", "passed"}});
  CHECK(core::render_history_text(builder.finish(), core::TextStyle{}) ==
        "History: 0 batches (1 of 1 read left out)\nNo batch to compare.\n");
}

TEST_CASE("core::render_history_text lists pass rates lowest first, whatever the flows' states") {
  // "late" newly fails at the last batch (75%); "early" was fixed after failing twice (50%).
  core::HistoryBuilder builder({}, 10);
  const char* late[] = {"passed", "passed", "passed", "failed"};
  const char* early[] = {"failed", "failed", "passed", "passed"};
  for (int i = 0; i < 4; ++i)
    test::add_batch(builder, "2025-02-0" + std::to_string(i + 1) + "T09:00:00Z", "main",
                    "c" + std::to_string(i + 1),
                    {{"G", "late", late[i]}, {"G", "early", early[i]}});
  const std::string text = core::render_history_text(builder.finish(), core::TextStyle{});
  const auto list = text.find("Pass rate per flow, lowest first");
  REQUIRE(list != std::string::npos);
  CHECK(text.find("50%  G / early", list) < text.find("75%  G / late", list));
  CHECK(text.find("Newly failing (1):\n    [FAIL] G / late") != std::string::npos);
}

TEST_CASE("core::render_history_text says what it left out and what it counted once") {
  core::HistoryFilter filter;
  filter.branch = "main";
  core::HistoryBuilder builder(filter, 10);
  test::add_batch(builder, "2025-02-01T09:00:00Z", "main", "c1", {{"G", "flow", "passed"}});
  test::add_batch(builder, "2025-02-01T09:00:00Z", "main", "c1", {{"G", "flow", "passed"}});
  test::add_batch(builder, "2025-02-02T09:00:00Z", "dev", "c2", {{"G", "flow", "passed"}});
  const std::string text = core::render_history_text(builder.finish(), core::TextStyle{});
  CHECK(
      text.starts_with("History: 1 batch, 2025-02-01T09:00:00Z (1 of 3 read left out; 1 "
                       "repeated delivery counted once)\n"));
}
