#include "waf/verdict_cache.hpp"

namespace jetway::waf {

VerdictCache::VerdictCache(Limits limits, Clock now) : limits_(limits), now_(std::move(now)) {}

std::string VerdictCache::KeyOf(const http::Request& request) const {
  std::size_t size = request.remote.size() + request.method.size() + request.path.size() +
                     request.query_string.size() + request.body.size() + 8;
  for (const auto& [name, value] : request.headers) size += name.size() + value.size() + 2;
  if (size > limits_.max_key_bytes) return {};
  // Lengths before each part: no two different requests write the same key.
  std::string key;
  key.reserve(size + 64);
  auto put = [&key](std::string_view part) {
    key += std::to_string(part.size());
    key += ':';
    key += part;
  };
  put(request.remote);
  put(request.method);
  put(request.path);
  put(request.query_string);
  for (const auto& [name, value] : request.headers) {
    put(name);
    put(value);
  }
  key += '|';
  put(request.body);
  return key;
}

VerdictCache::Shard& VerdictCache::ShardOf(const std::string& key) {
  return shards_[std::hash<std::string>{}(key) % kShards];
}

std::optional<Verdict> VerdictCache::Find(const std::string& key) {
  if (key.empty()) return std::nullopt;
  auto& shard = ShardOf(key);
  std::lock_guard lock(shard.mutex);
  const auto found = shard.entries.find(key);
  if (found == shard.entries.end()) return std::nullopt;
  if (found->second.until <= now_()) {
    shard.entries.erase(found);  // its place in `order` goes when eviction reaches it
    return std::nullopt;
  }
  hits_.fetch_add(1, std::memory_order_relaxed);
  return found->second.verdict;
}

void VerdictCache::Remember(const std::string& key, const Verdict& verdict) {
  if (key.empty() || limits_.entries == 0 || verdict.attack) return;
  auto& shard = ShardOf(key);
  const std::size_t per_shard = std::max<std::size_t>(1, limits_.entries / kShards);
  std::lock_guard lock(shard.mutex);
  const Shard::Entry entry{now_() + limits_.ttl, verdict};
  if (auto [at, added] = shard.entries.try_emplace(key, entry); !added) {
    at->second = entry;
    return;
  }
  shard.order.push_back(key);
  while (shard.order.size() > per_shard) {
    shard.entries.erase(shard.order.front());
    shard.order.pop_front();
  }
}

void VerdictCache::Forget() {
  for (auto& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    shard.entries.clear();
    shard.order.clear();
  }
}

}  // namespace jetway::waf
