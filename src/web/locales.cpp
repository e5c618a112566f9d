#include "web/locales.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "core/text.hpp"
#include "http/negotiation.hpp"
#include "web/files.hpp"

namespace jetway::web {

namespace {

constexpr std::string_view kScriptPrefix = "js_";

}  // namespace

Locales Locales::FromJson(const std::map<std::string, std::string>& json_by_language) {
  Locales result;
  for (const auto& [code, text] : json_by_language) {
    auto json = nlohmann::json::parse(text, nullptr, false);
    if (json.is_discarded() || !json.is_object())
      throw std::runtime_error(fmt::format("locale {}: not a JSON object", code));
    Language language{code, code, {}, View{}};
    for (const auto& [key, value] : json.items()) {
      if (!value.is_string()) throw std::runtime_error(fmt::format("locale {}: {} is not a string", code, key));
      language.texts.emplace(key, value.get<std::string>());
    }
    if (auto name = language.texts.find("language_name"); name != language.texts.end()) language.name = name->second;
    result.languages_.push_back(std::move(language));
  }
  const Language* base = result.Find(kBaseLanguage);
  if (!base) throw std::runtime_error("the locales have no en.json (English is the base every language falls back to)");
  const auto base_texts = base->texts;
  for (auto& language : result.languages_) {
    for (const auto& [key, text] : base_texts) language.texts.emplace(key, text);  // keeps existing translations
    View texts;
    nlohmann::json script_texts = nlohmann::json::object();
    for (const auto& [key, text] : language.texts) {
      texts[key] = web::Text(text);
      if (key.starts_with(kScriptPrefix)) script_texts[key.substr(kScriptPrefix.size())] = text;
    }
    language.view["t"] = std::move(texts);
    language.view["script_texts"] = web::Text(script_texts.dump());
    language.view["lang"] = web::Text(language.code);
  }
  // English first, then by code: the order of the language menu.
  std::stable_sort(result.languages_.begin(), result.languages_.end(), [](const Language& a, const Language& b) {
    return (a.code != kBaseLanguage) < (b.code != kBaseLanguage) ||
           ((a.code != kBaseLanguage) == (b.code != kBaseLanguage) && a.code < b.code);
  });
  return result;
}

Locales Locales::Load(const std::filesystem::path& directory) {
  std::map<std::string, std::string> files;
  std::error_code ec;
  if (!std::filesystem::is_directory(directory, ec))
    throw std::runtime_error(fmt::format("locale directory {} not found", directory.string()));
  for (const auto& item : std::filesystem::directory_iterator(directory)) {
    if (!item.is_regular_file() || item.path().extension() != ".json") continue;
    files.emplace(item.path().stem().string(), ReadFile(item.path()));
  }
  return FromJson(files);
}

const Language* Locales::Find(std::string_view code) const {
  for (const auto& language : languages_)
    if (language.code == code) return &language;
  return nullptr;
}

std::string Locales::Text(const Language& language, std::string_view key) const {
  if (auto it = language.texts.find(key); it != language.texts.end()) return it->second;
  return std::string(key);
}

std::optional<std::string> Locales::FromAcceptLanguage(std::string_view header) const {
  std::optional<std::string> best;
  int best_q = 0;
  std::string_view rest = header;
  while (!rest.empty()) {
    auto element = http::NextElement(rest, ',');
    const auto tag = http::NextElement(element, ';');
    const int q = http::Weight(element).value_or(0);
    const auto primary = core::AsciiLower(tag.substr(0, tag.find('-')));
    if (q > best_q && Find(primary)) {
      best = primary;
      best_q = q;
    }
  }
  return best;
}

}  // namespace jetway::web
