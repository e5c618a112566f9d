// Static assets: compression round trips, hashed names, and the caching and negotiation rules of /static.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "web/assets.hpp"
#include "web/compress.hpp"
#include "web/static_routes.hpp"

namespace jetway::web {

namespace {

std::string Css() {
  std::string css;
  for (int i = 0; i < 200; ++i) css += ".fare-" + std::to_string(i) + " { color: #0a3d62; margin: 0 auto; }\n";
  return css;
}

class StaticAssets : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("jetway_assets_" + std::to_string(getpid()));
    std::filesystem::create_directories(dir_);
    std::ofstream(dir_ / "site.css") << Css();
    std::ofstream(dir_ / "logo.png", std::ios::binary) << std::string("\x89PNG\r\n\x1a\n-not-compressed", 24);
    std::ofstream(dir_ / "notes.md") << "not served";
    store_ = AssetStore::Load(dir_.string());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  http::Response Get(const Asset& asset, std::string accept = "", std::string if_none_match = "") {
    http::Request request;
    request.method = "GET";
    request.path = asset.url;
    request.params["file"] = asset.url.substr(std::string("/static/").size());
    if (!accept.empty()) request.headers["Accept-Encoding"] = accept;
    if (!if_none_match.empty()) request.headers["If-None-Match"] = if_none_match;
    return ServeAsset(store_, request);
  }

  static std::string Header(const http::Response& r, const std::string& name) {
    for (const auto& [key, value] : r.headers)
      if (key == name) return value;
    return {};
  }

  std::filesystem::path dir_;
  AssetStore store_;
};

}  // namespace

TEST(Compress, RoundTrips) {
  const std::string text = Css();
  const auto gz = GzipCompress(text);
  const auto br = BrotliCompress(text);
  EXPECT_LT(gz.size(), text.size() / 4);
  EXPECT_LT(br.size(), gz.size());
  EXPECT_EQ(GzipDecompress(gz), text);
  EXPECT_EQ(BrotliDecompress(br), text);
  EXPECT_EQ(GzipDecompress(GzipCompress("")), "");
  EXPECT_THROW(GzipDecompress("not gzip"), std::runtime_error);
  EXPECT_THROW(BrotliDecompress(br.substr(0, br.size() / 2)), std::runtime_error);
}

TEST(Compress, HashedNames) {
  EXPECT_EQ(HashedFileName("site.css", "0123456789abcdef"), "site.0123456789abcdef.css");
  EXPECT_EQ(HashedFileName("app.min.js", "ab"), "app.min.ab.js");
  EXPECT_EQ(HashedFileName("LICENSE", "ab"), "LICENSE.ab");
  EXPECT_EQ(ContentHash("a").size(), 16u);
  EXPECT_NE(ContentHash("a"), ContentHash("b"));
}

TEST_F(StaticAssets, LoadsServableFilesWithHashedUrlsAndVariants) {
  ASSERT_EQ(store_.assets().size(), 2u);  // notes.md is not served
  const Asset* css = store_.ByName("site.css");
  ASSERT_NE(css, nullptr);
  EXPECT_EQ(css->url, "/static/site." + ContentHash(Css()) + ".css");
  EXPECT_EQ(css->content_type, "text/css; charset=utf-8");
  EXPECT_EQ(BrotliDecompress(css->compressed().brotli), Css());
  EXPECT_EQ(GzipDecompress(css->compressed().gzip), Css());
  const Asset* png = store_.ByName("logo.png");
  ASSERT_NE(png, nullptr);
  EXPECT_TRUE(png->compressed().gzip.empty());  // images are not recompressed
  EXPECT_EQ(store_.ByUrlFile("site.0000000000000000.css"), nullptr);
  EXPECT_THROW(AssetStore::Load((dir_ / "missing").string()), std::runtime_error);
}

TEST_F(StaticAssets, CompressesOnceWhenFirstAskedWhateverTheThreadsAndCopies) {
  const Asset& css = *store_.ByName("site.css");
  const Asset copy = css;  // a copy shares the variants: made once for both
  std::vector<const CompressedVariants*> seen(8, nullptr);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < seen.size(); ++i)
    threads.emplace_back([&, i] { seen[i] = &(i % 2 ? copy : css).compressed(); });
  for (auto& t : threads) t.join();
  for (const auto* variants : seen) EXPECT_EQ(variants, &css.compressed());
  EXPECT_EQ(BrotliDecompress(copy.compressed().brotli), Css());
  EXPECT_EQ(GzipDecompress(seen.back()->gzip), Css());
}

TEST_F(StaticAssets, ServesTheAcceptedVariantWithImmutableCaching) {
  const Asset& css = *store_.ByName("site.css");
  auto plain = Get(css);
  EXPECT_EQ(plain.status, 200);
  EXPECT_EQ(plain.body, Css());
  EXPECT_EQ(Header(plain, "Content-Encoding"), "");
  EXPECT_EQ(Header(plain, "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(Header(plain, "Vary"), "Accept-Encoding");
  EXPECT_EQ(Header(plain, "ETag"), "\"" + css.hash + "\"");

  auto br = Get(css, "gzip, deflate, br");
  EXPECT_EQ(Header(br, "Content-Encoding"), "br");
  EXPECT_EQ(BrotliDecompress(br.body), Css());
  EXPECT_EQ(Header(br, "ETag"), "\"" + css.hash + "-br\"");

  auto gz = Get(css, "gzip");
  EXPECT_EQ(Header(gz, "Content-Encoding"), "gzip");
  EXPECT_EQ(GzipDecompress(gz.body), Css());
}

TEST_F(StaticAssets, AnswersNotModifiedOnlyForTheSameRepresentation) {
  const Asset& css = *store_.ByName("site.css");
  auto again = Get(css, "br", "\"" + css.hash + "-br\"");
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(Header(again, "ETag"), "\"" + css.hash + "-br\"");
  // The gzip tag does not validate a brotli response.
  EXPECT_EQ(Get(css, "br", "\"" + css.hash + "-gz\"").status, 200);
  EXPECT_EQ(Get(css, "", "\"" + css.hash + "\"").status, 304);
}

TEST_F(StaticAssets, UnknownOrOutdatedFilesAreNotFound) {
  http::Request request;
  request.params["file"] = "site.0000000000000000.css";
  EXPECT_EQ(ServeAsset(store_, request).status, 404);
  request.params["file"] = "../data.db";
  EXPECT_EQ(ServeAsset(store_, request).status, 404);
}

}  // namespace jetway::web
