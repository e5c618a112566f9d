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

bool VerdictCache::Clean(const std::string& key) {
  if (key.empty()) return false;
  auto& shard = ShardOf(key);
  std::lock_guard lock(shard.mutex);
  const auto found = shard.until.find(key);
  if (found == shard.until.end()) return false;
  if (found->second <= now_()) {
    shard.until.erase(found);  // its place in `order` goes when eviction reaches it
    return false;
  }
  hits_.fetch_add(1, std::memory_order_relaxed);
  return true;
}

void VerdictCache::Remember(const std::string& key) {
  if (key.empty() || limits_.entries == 0) return;
  auto& shard = ShardOf(key);
  const std::size_t per_shard = std::max<std::size_t>(1, limits_.entries / kShards);
  std::lock_guard lock(shard.mutex);
  const auto until = now_() + limits_.ttl;
  if (auto [at, added] = shard.until.try_emplace(key, until); !added) {
    at->second = until;
    return;
  }
  shard.order.push_back(key);
  while (shard.order.size() > per_shard) {
    shard.until.erase(shard.order.front());
    shard.order.pop_front();
  }
}

void VerdictCache::Forget() {
  for (auto& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    shard.until.clear();
    shard.order.clear();
  }
}

}  // namespace jetway::waf
