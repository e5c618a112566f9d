#include "web/templates.hpp"

#include <fmt/core.h>

#include <stdexcept>
#include <vector>

#include "web/files.hpp"

namespace jetway::web {

namespace {

constexpr std::string_view kExtension = ".mustache";

// kainjow's own context finds partials only among the view's values; this one finds them among the templates, so
// views need not carry every partial.
class TemplateContext : public kainjow::mustache::context<std::string> {
 public:
  using Lookup = std::function<const View*(const std::string&)>;
  explicit TemplateContext(Lookup partials) : partials_(std::move(partials)) {}
  const View* get_partial(const std::string& name) const override {
    if (const View* found = partials_(name)) return found;
    return context::get_partial(name);
  }

 private:
  Lookup partials_;
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
