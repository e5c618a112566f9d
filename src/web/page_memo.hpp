// Rendered pages kept for the next visitor who asks exactly the same, with holes where each visit differs (the
// forms' CSRF token and a form's idempotency nonce). A results page took about 200 µs of CPU to build and render,
// nearly all of it the same for everyone searching the same route, day, party, currency and language on the same
// data (the search snapshot renews a day at least every second); filling a kept page's holes is a copy.
//
// What makes two pages the same is the caller's key: it must name everything the page shows (the page's own
// inputs, the data's versions, the language, the site's look). The data a page was made from may also be named as
// dependencies, held weakly: a page whose dependency is gone is never shown again, even if another object now lives
// at the address its key names.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace jetway::web {

// A page cut at its holes: texts[0] hole[0] texts[1] hole[1] ... texts[n].
class CutPage {
 public:
  // `html` with every occurrence of each marker taken out as a hole (markers[i] is hole i).
  CutPage(std::string_view html, const std::vector<std::string>& markers);
  // The page with each hole filled by values[hole], HTML-escaped as the templates escape a {{value}}.
  std::string Fill(const std::vector<std::string>& values) const;
  std::size_t size() const { return size_; }  // bytes, holes left out

 private:
  std::vector<std::string> texts_;
  std::vector<std::size_t> holes_;  // texts_.size() - 1 of them
  std::size_t size_ = 0;            // the texts' total length
};

class PageMemo {
 public:
  using Dependencies = std::vector<std::weak_ptr<const void>>;

  // `holes`: how many holes a page may have. `max_bytes` bounds what is kept (a results page is 7-30 KB; 16 MiB
  // holds some 500-2,000 of them).
  explicit PageMemo(std::size_t holes, std::size_t max_bytes = 16 << 20);
  PageMemo(const PageMemo&) = delete;
  PageMemo& operator=(const PageMemo&) = delete;

  // What a page rendered for keeping shows in hole `i` instead of a visit's value: a random text made at start-up,
  // which nothing a visitor sends can name.
  const std::string& Marker(std::size_t i) const { return markers_.at(i); }
  const std::vector<std::string>& Markers() const { return markers_; }

  // The page kept under `key`, or nullptr (never kept, dropped, or one of its dependencies gone).
  std::shared_ptr<const CutPage> Find(const std::string& key) const;
  // Keeps `html` (rendered with the markers in its holes) under `key`, and returns it cut.
  std::shared_ptr<const CutPage> Keep(std::string key, Dependencies dependencies, std::string_view html);
  std::size_t size() const;   // pages kept
  std::size_t bytes() const;  // their size
  struct Stats {
    std::uint64_t found = 0;  // Find answered with a kept page
    std::uint64_t kept = 0;   // pages kept (Keep)
  };
  Stats stats() const { return {found_.load(std::memory_order_relaxed), kept_.load(std::memory_order_relaxed)}; }

 private:
  static constexpr std::size_t kShards = 16;
  struct Entry {
    Dependencies dependencies;
    std::shared_ptr<const CutPage> page;
  };
  struct Shard {
    mutable std::mutex mutex;
    std::unordered_map<std::string, Entry> entries;
    std::size_t bytes = 0;  // the pages' and keys' sizes
  };
  static bool Gone(const Entry& entry);  // one of the data it was made from no longer lives
  Shard& ShardOf(const std::string& key) const { return shards_[std::hash<std::string>{}(key) % kShards]; }

  std::vector<std::string> markers_;
  std::size_t per_shard_;  // bytes
  mutable std::array<Shard, kShards> shards_;
  mutable std::atomic<std::uint64_t> found_{0};
  std::atomic<std::uint64_t> kept_{0};
};

}  // namespace jetway::web
