// The pages' texts in each language, from web/locales/<language>.json (a flat object of key -> text; English is
// complete and every other language falls back to it key by key). Templates read them as {{t.key}}. Choosing the
// language: an explicit ?lang= (then remembered in a cookie), the cookie, the browser's Accept-Language, the site's
// default. Read-only after Load; thread-safe.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/http.hpp"
#include "web/templates.hpp"

namespace jetway::web {

inline constexpr const char* kBaseLanguage = "en";

struct Language {
  std::string code;  // "en", "da"
  std::string name;  // in itself: "English", "Dansk"
  std::map<std::string, std::string, std::less<>> texts;
  // For templates: {"t": {key: text}, "lang": code, "script_texts": the "js_*" texts, without the prefix, as one JSON
  // object for the page's script to read}.
  View view;
};

class Locales {
 public:
  // Throws std::runtime_error when the directory has no en.json or a file is not a flat object of strings.
  static Locales Load(const std::filesystem::path& directory);
  static Locales FromJson(const std::map<std::string, std::string>& json_by_language);

  const Language* Find(std::string_view code) const;
  const Language& Base() const { return *Find(kBaseLanguage); }
  const std::vector<Language>& languages() const { return languages_; }
  // The text of `key` in `language` (English when missing there; the key itself when missing everywhere, so a
  // gap shows on the page instead of crashing it).
  std::string Text(const Language& language, std::string_view key) const;

  // The best of the known languages for an Accept-Language header (q-values honoured, "da-DK" matches "da").
  std::optional<std::string> FromAcceptLanguage(std::string_view header) const;

 private:
  std::vector<Language> languages_;
};

}  // namespace jetway::web
