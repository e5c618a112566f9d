// The pages' and e-mails' Mustache templates (kainjow mustache: parsed once, spec HTML escaping), loaded at start-up
// from a directory tree. A template's name is its path below the directory without ".mustache" ("pages/home",
// "mail/confirmation.txt"); any template can be included by name as a partial ({{> parts/field_error}}).
// Chosen over mstch after measuring both on a results page (bench/templates/): rendering a prepared 26 KB page took
// 62 µs with kainjow and 422 µs with mstch, which parses the template on every call.
// Read-only after Load, so one Templates is shared by all request threads.
#pragma once

#include <filesystem>
#include <kainjow/mustache.hpp>
#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace jetway::web {

using View = kainjow::mustache::data;
using ViewList = kainjow::mustache::list;

class Templates {
 public:
  // Every *.mustache file below `directory`; throws std::runtime_error naming the file when one cannot be read or
  // does not parse, so a broken template stops start-up rather than a request.
  static Templates Load(const std::filesystem::path& directory);
  // For tests: templates given as name -> text.
  static Templates FromTexts(const std::map<std::string, std::string>& texts);

  bool Has(std::string_view name) const;
  // Renders `name` against `view`, looking names up in `view` first and then in `shared` (data that is the same for
  // many requests, such as the translations and the site settings, so it is not copied per request). Throws
  // std::out_of_range for an unknown template name (a programming error).
  std::string Render(std::string_view name, const View& view, const View* shared = nullptr) const;

 private:
  struct Entry {
    std::string text;
    std::shared_ptr<kainjow::mustache::mustache> compiled;  // shared: kainjow's template is not copyable
    View as_partial;
  };
  std::map<std::string, Entry, std::less<>> entries_;
};

// Small helpers that keep view-building code short and move, rather than copy, finished children into their parent
// (kainjow's set() and list constructor copy whole subtrees).
inline View Text(std::string value) {
  View text{View::type::string};
  // The string this view owns (list_value() and string_value() are kainjow's only access to what a view holds).
  const_cast<std::string&>(text.string_value()) = std::move(value);
  return text;
}
inline View Flag(bool value) { return View{value}; }
inline View List(ViewList items) {
  View list{View::type::list};
  const_cast<ViewList&>(list.list_value()) = std::move(items);
  return list;
}

}  // namespace jetway::web
