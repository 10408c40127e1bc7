// core/inspector_store: bounded, versioned deliveries and the event stream over them.
#include <doctest/doctest.h>

#include "core/delivery/inspector_store.hpp"

namespace {
core::InspectedDelivery sized(std::size_t body_bytes) {
  core::HttpRequest request;
  request.body.assign(body_bytes, 'x');
  core::InspectedDelivery delivery;
  delivery.request = std::make_shared<const core::HttpRequest>(std::move(request));
  return delivery;
}
}  // namespace

TEST_CASE("core::InspectorStore") {
  SUBCASE("ids and versions, newest first") {
    core::InspectorStore store(10, 1 << 20);
    CHECK(store.add(sized(1)) == 1);
    CHECK(store.add(sized(1)) == 2);
    CHECK(store.sequence() == 2);
    CHECK(store.update(1, [](core::InspectedDelivery& d) { d.explanation_pending = true; }));
    CHECK(store.sequence() == 3);
    const auto newest = store.newest(5);
    REQUIRE(newest.size() == 2);
    CHECK(newest[0].id == 2);
    CHECK(store.find(1)->version == 3);
    CHECK_FALSE(store.find(3));
  }

  SUBCASE("bounded in number and in bytes; the newest always stays") {
    core::InspectorStore by_count(2, 1 << 20);
    for (int i = 0; i < 5; ++i) by_count.add(sized(1));
    CHECK(by_count.newest(10).size() == 2);
    CHECK_FALSE(by_count.find(3));
    CHECK_FALSE(by_count.update(1, [](core::InspectedDelivery&) {}));

    core::InspectorStore by_bytes(100, 10000);
    by_bytes.add(sized(4000));
    by_bytes.add(sized(4000));
    by_bytes.add(sized(4000));
    CHECK(by_bytes.newest(10).size() == 2);
    by_bytes.add(sized(50000));
    CHECK(by_bytes.newest(10).size() == 1);
  }

  SUBCASE("events after a cursor") {
    core::InspectorStore store(10, 1 << 20);
    std::uint64_t cursor = store.sequence();
    CHECK(store.events_after(cursor).empty());
    store.add(sized(1));
    store.add(sized(1));
    std::string events = store.events_after(cursor);
    CHECK(cursor == 2);
    CHECK(events.rfind("event: delivery\nid: 1\ndata: {\"id\":1,", 0) == 0);
    CHECK(events.find("event: delivery\nid: 2\n") != std::string::npos);
    CHECK(store.events_after(cursor).empty());
    store.update(1, [](core::InspectedDelivery&) {});
    events = store.events_after(cursor);
    CHECK(events.rfind("event: delivery\nid: 3\ndata: {\"id\":1,", 0) == 0);

    // Too much news at once, or news that is no longer held: the page reloads the list.
    for (int i = 0; i < 5; ++i) store.add(sized(1));
    std::uint64_t behind = cursor;
    CHECK(store.events_after(behind, 3) == "event: reload\nid: 8\ndata: {}\n\n");
    core::InspectorStore small(1, 1 << 20);
    std::uint64_t start = 0;
    small.add(sized(1));
    small.add(sized(1));
    CHECK(small.events_after(start).rfind("event: reload", 0) == 0);
  }
}
