#include "web/page_memo.hpp"

#include <kainjow/mustache.hpp>

#include <algorithm>

#include "web/signer.hpp"

namespace jetway::web {

CutPage::CutPage(std::string_view html, const std::vector<std::string>& markers) {
  std::vector<std::size_t> next(markers.size());
  auto find = [&](std::size_t i, std::size_t from) { next[i] = html.find(markers[i], from); };
  for (std::size_t i = 0; i < markers.size(); ++i) find(i, 0);
  std::size_t at = 0;
  while (true) {
    const auto first = std::min_element(next.begin(), next.end());
    if (first == next.end() || *first == std::string_view::npos) break;
    const auto hole = static_cast<std::size_t>(first - next.begin());
    texts_.emplace_back(html.substr(at, *first - at));
    holes_.push_back(hole);
    at = *first + markers[hole].size();
    for (std::size_t i = 0; i < markers.size(); ++i)
      if (next[i] != std::string_view::npos && next[i] < at) find(i, at);
  }
  texts_.emplace_back(html.substr(at));
  for (const auto& text : texts_) size_ += text.size();
}

std::string CutPage::Fill(const std::vector<std::string>& values) const {
  std::vector<std::string> escaped;
  escaped.reserve(values.size());
  std::size_t size = size_;
  for (const auto& value : values) escaped.push_back(kainjow::mustache::html_escape(value));
  for (auto hole : holes_) size += escaped.at(hole).size();
  std::string page;
  page.reserve(size);
  for (std::size_t i = 0; i < holes_.size(); ++i) {
    page += texts_[i];
    page += escaped[holes_[i]];
  }
  page += texts_.back();
  return page;
}

PageMemo::PageMemo(std::size_t holes, std::size_t max_bytes) : per_shard_(max_bytes / kShards) {
  // One random stem for all of a memo's markers; "-<i>-" after it, so no marker is the start of another.
  const auto stem = "jwhole" + NewToken();
  for (std::size_t i = 0; i < holes; ++i) markers_.push_back(stem + "-" + std::to_string(i) + "-");
}

bool PageMemo::Gone(const Entry& entry) {
  return std::any_of(entry.dependencies.begin(), entry.dependencies.end(), [](const auto& d) { return d.expired(); });
}

std::shared_ptr<const CutPage> PageMemo::Find(const std::string& key) const {
  auto& shard = ShardOf(key);
  std::lock_guard lock(shard.mutex);
  auto it = shard.entries.find(key);
  if (it == shard.entries.end()) return nullptr;
  if (Gone(it->second)) return nullptr;
  found_.fetch_add(1, std::memory_order_relaxed);
  return it->second.page;
}

std::shared_ptr<const CutPage> PageMemo::Keep(std::string key, Dependencies dependencies, std::string_view html) {
  auto page = std::make_shared<const CutPage>(html, markers_);
  const auto cost = [](const std::string& key, const CutPage& page) { return key.size() + page.size(); };
  const auto bytes = cost(key, *page);
  auto& shard = ShardOf(key);
  std::lock_guard lock(shard.mutex);
  if (auto kept = shard.entries.find(key); kept != shard.entries.end()) {
    shard.bytes -= cost(key, *kept->second.page);
    shard.entries.erase(kept);
  }
  if (bytes > per_shard_) return page;  // larger than a shard may hold: shown, not kept
  if (shard.bytes + bytes > per_shard_) {
    std::erase_if(shard.entries, [&](const auto& entry) {
      const bool gone = Gone(entry.second);
      if (gone) shard.bytes -= cost(entry.first, *entry.second.page);
      return gone;
    });
    // Still full: start again empty (the pages asked for again are rendered again).
    if (shard.bytes + bytes > per_shard_) {
      shard.entries.clear();
      shard.bytes = 0;
    }
  }
  shard.entries.emplace(std::move(key), Entry{std::move(dependencies), page});
  shard.bytes += bytes;
  kept_.fetch_add(1, std::memory_order_relaxed);
  return page;
}

std::size_t PageMemo::size() const {
  std::size_t total = 0;
  for (const auto& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    total += shard.entries.size();
  }
  return total;
}

std::size_t PageMemo::bytes() const {
  std::size_t total = 0;
  for (const auto& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    total += shard.bytes;
  }
  return total;
}

}  // namespace jetway::web
