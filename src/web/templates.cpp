#include "web/templates.hpp"

#include <fmt/core.h>

#include <cstddef>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "web/files.hpp"

namespace jetway::web {

namespace {

constexpr std::string_view kExtension = ".mustache";

// kainjow's own context, with two differences: partials are found among the templates, so views need not carry
// every partial; and a dotted name ({{t.results_heading}}) is looked up part by part in place, where kainjow splits
// it into a new vector of strings on every lookup (a fifth of a results page's rendering, where each offer reads
// several translations).
class TemplateContext : public kainjow::mustache::basic_context<std::string> {
 public:
  using Lookup = std::function<const View*(const std::string&)>;
  explicit TemplateContext(Lookup partials) : partials_(std::move(partials)) {}

  void push(const View* data) override { items_.insert(items_.begin(), data); }
  void pop() override { items_.erase(items_.begin()); }

  const View* get(const std::string& name) const override {
    if (name == ".") return items_.front();
    const auto dot = name.find('.');
    for (const View* item : items_) {
      const View* found = dot == std::string::npos ? item->get(name) : Walk(item, name, dot);
      if (found) return found;
    }
    return nullptr;
  }

  const View* get_partial(const std::string& name) const override {
    if (const View* found = partials_(name)) return found;
    for (const View* item : items_)
      if (const View* found = item->get(name)) return found;
    return nullptr;
  }

 private:
  // `name`'s parts one after another from `item`, as kainjow does (an empty part finds nothing).
  const View* Walk(const View* item, const std::string& name, std::size_t dot) const {
    std::size_t start = 0;
    while (item) {
      if (dot == std::string::npos && start == name.size()) break;  // "a." is "a", as kainjow's split has it
      part_.assign(name, start, dot - start);
      item = item->get(part_);
      if (dot == std::string::npos) break;
      start = dot + 1;
      dot = name.find('.', start);
    }
    return item;
  }

  Lookup partials_;
  std::vector<const View*> items_;  // the innermost first
  mutable std::string part_;        // reused: one context renders one template on one thread
};

}  // namespace

Templates Templates::FromTexts(const std::map<std::string, std::string>& texts) {
  Templates result;
  for (const auto& [name, text] : texts) {
    auto compiled = std::make_shared<kainjow::mustache::mustache>(text);
    if (!compiled->is_valid())
      throw std::runtime_error(fmt::format("template {}: {}", name, compiled->error_message()));
    Entry entry{text, std::move(compiled), View{}};
    // kainjow renders a partial from its text; the lambda reads the text kept in the map, which never moves.
    result.entries_.emplace(name, std::move(entry));
  }
  for (auto& [name, entry] : result.entries_) {
    const std::string* text = &entry.text;
    entry.as_partial = View{kainjow::mustache::partial{[text] { return *text; }}};
  }
  return result;
}

Templates Templates::Load(const std::filesystem::path& directory) {
  std::error_code ec;
  if (!std::filesystem::is_directory(directory, ec))
    throw std::runtime_error(fmt::format("template directory {} not found", directory.string()));
  std::map<std::string, std::string> texts;
  for (const auto& item : std::filesystem::recursive_directory_iterator(directory)) {
    const auto path = item.path();
    const auto file = path.filename().string();
    if (!item.is_regular_file() || !file.ends_with(kExtension)) continue;
    auto name = std::filesystem::relative(path, directory).generic_string();
    name.resize(name.size() - kExtension.size());
    texts.emplace(std::move(name), ReadFile(path));
  }
  return FromTexts(texts);
}

bool Templates::Has(std::string_view name) const { return entries_.find(name) != entries_.end(); }

namespace {

// What kainjow's render needs of a stream: `<<` of its strings.
struct StringSink {
  std::string text;
  StringSink& operator<<(const std::string& part) {
    text += part;
    return *this;
  }
};

constexpr std::size_t kRenderReserve = 16 * 1024;  // most pages are a few KiB to a few tens

}  // namespace

std::string Templates::Render(std::string_view name, const View& view, const View* shared) const {
  auto it = entries_.find(name);
  if (it == entries_.end()) throw std::out_of_range(fmt::format("no template named {}", name));
  TemplateContext context([this](const std::string& partial) -> const View* {
    auto found = entries_.find(partial);
    return found == entries_.end() ? nullptr : &found->second.as_partial;
  });
  if (shared) context.push(shared);
  context.push(&view);  // pushed last, so looked up first
  // Into a string, not the std::ostringstream kainjow would make: setting up a stream and its locale for each
  // render, and inserting into it, was a tenth of a results page's CPU.
  StringSink sink;
  sink.text.reserve(kRenderReserve);
  it->second.compiled->render(context, sink);
  return std::move(sink.text);
}

}  // namespace jetway::web
