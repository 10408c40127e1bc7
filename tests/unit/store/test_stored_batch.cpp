#include <doctest/doctest.h>

#include "store/stored_batch.hpp"

namespace {
store::BatchToStore two_runs() {
  store::BatchToStore batch;
  batch.app_id = "com.example.shop";
  batch.timestamp = "2025-02-01T09:00:00Z";
  batch.branch = "main";
  batch.commit_sha = "abc";
  batch.runs = {{"Checkout", "pay", "passed", "https://a/1"},
                {"Login", "sso", "passed", "https://a/2"}};
  return batch;
}
}  // namespace

TEST_CASE("store::encode_run and store::decode_runs") {
  std::string blob;
  store::encode_run(blob, 1, "passed", "https://a/1");
  store::encode_run(blob, 300, std::string("fa\0iled", 7), "");
  std::vector<store::EncodedRun> runs;
  REQUIRE(store::decode_runs(blob, runs));
  REQUIRE(runs.size() == 2);
  CHECK(runs[0].flow == 1);
  CHECK(runs[0].url == "https://a/1");
  CHECK(runs[1].flow == 300);
  CHECK(runs[1].status == std::string("fa\0iled", 7));  // any byte survives
  // Cut anywhere, the blob is damaged, never read past its end.
  for (std::size_t size = 0; size < blob.size(); ++size) {
    const bool whole = store::decode_runs(blob.substr(0, size), runs);
    CHECK((!whole || runs.size() < 2));
  }
  CHECK_FALSE(store::decode_runs(std::string("\x80", 1), runs));
  CHECK(store::decode_runs("", runs));
  CHECK(runs.empty());
}

TEST_CASE("store::encode_url and store::decode_urls") {
  std::string runs_blob, urls;
  store::encode_run(runs_blob, 1, "passed", "");
  store::encode_run(runs_blob, 2, "failed", "");
  store::encode_url(urls, "https://a/1");
  store::encode_url(urls, "");
  std::vector<store::EncodedRun> runs;
  REQUIRE(store::decode_runs(runs_blob, runs));
  REQUIRE(store::decode_urls(urls, runs));
  CHECK(runs[0].url == "https://a/1");
  CHECK(runs[1].url.empty());
  // One URL too few, one too many, or cut: damaged.
  std::string one;
  store::encode_url(one, "https://a/1");
  CHECK_FALSE(store::decode_urls(one, runs));
  CHECK_FALSE(store::decode_urls(urls + one, runs));
  CHECK_FALSE(store::decode_urls(urls.substr(0, 5), runs));
}

TEST_CASE("store::BatchToStore::key") {
  const store::BatchToStore batch = two_runs();
  CHECK(batch.key() == two_runs().key());
  CHECK(batch.key().rfind("sha256:", 0) == 0);
  store::BatchToStore other = two_runs();
  other.runs[1].status = "failed";
  CHECK(other.key() != batch.key());
  CHECK(other.failed());
  CHECK_FALSE(batch.failed());
  // Parts cannot run into each other: "ab"+"c" is not "a"+"bc".
  store::BatchToStore shifted = two_runs();
  shifted.app_id = "com.example.sho";
  shifted.timestamp = "p2025-02-01T09:00:00Z";
  CHECK(shifted.key() != batch.key());
  store::BatchToStore with_id = two_runs();
  with_id.batch_id = "b-1";
  CHECK(with_id.key() == "batch_id:b-1");
}

TEST_CASE("store::read_batch") {
  const std::string payload = R"({"event":"batch.completed","timestamp":"2025-02-01T09:00:00Z",
    "app":{"id":"a1","name":"Shop","platform":"web"},"git":{"commit_sha":"abc","branch":"main"},
    "summary":{"total_groups":1,"passed_groups":0,"failed_groups":1},
    "run_groups":[{"name":"Checkout","status":"failed","url":"https://a/g","runs":[
      {"name":"pay","status":"failed","url":"https://a/r"}]}]})";
  auto batch = store::read_batch(payload);
  REQUIRE(batch);
  CHECK(batch->app_id == "a1");
  CHECK(batch->branch == "main");
  CHECK(batch->time_milliseconds == 1738400400000);
  REQUIRE(batch->runs.size() == 1);
  CHECK(batch->runs[0].group == "Checkout");
  CHECK(batch->failed());
  CHECK(batch->payload == payload);
  CHECK_FALSE(store::read_batch("{\"event\":"));
  CHECK_FALSE(store::read_batch("{}"));
}

TEST_CASE("store::DeliveryToStore::key") {
  const auto delivery = [](std::string signature, std::string request) {
    store::DeliveryToStore made;
    made.signature = std::move(signature);
    made.body = std::string(2, '{');
    made.request = std::move(request);
    return made;
  };
  const store::DeliveryToStore a = delivery("sha256=00", "POST / HTTP/1.1\r\n\r\n{{");
  // Another attempt, the same delivery.
  const store::DeliveryToStore retry = delivery("sha256=00", "POST /other HTTP/1.1\r\n\r\n{{");
  CHECK(retry.key() == a.key());
  const store::DeliveryToStore forged = delivery("sha256=01", a.request);
  CHECK(forged.key() != a.key());
}
