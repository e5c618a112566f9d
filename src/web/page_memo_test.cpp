#include "web/page_memo.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace jetway::web {
namespace {

TEST(CutPage, FillingTheHolesGivesThePageAsIfRenderedWithTheValues) {
  const std::vector<std::string> markers{"<M0>", "<M1>"};
  const CutPage page("<form><input value=\"<M0>\"><input value=\"<M1>\"></form><M0>", markers);
  EXPECT_EQ(page.Fill({"csrf1", "nonce1"}),
            "<form><input value=\"csrf1\"><input value=\"nonce1\"></form>csrf1");
  EXPECT_EQ(page.Fill({"csrf2", "nonce2"}),
            "<form><input value=\"csrf2\"><input value=\"nonce2\"></form>csrf2");
}

TEST(CutPage, ValuesAreEscapedAsTheTemplatesEscapeThem) {
  const CutPage page("<a title=\"<M0>\">", {"<M0>"});
  EXPECT_EQ(page.Fill({"\"><script>&"}), "<a title=\"&quot;&gt;&lt;script&gt;&amp;\">");
}

TEST(CutPage, APageWithoutHolesIsItself) {
  const CutPage page("<p>same for everyone</p>", {"<M0>", "<M1>"});
  EXPECT_EQ(page.Fill({"a", "b"}), "<p>same for everyone</p>");
}

TEST(PageMemo, MarkersAreRandomPerMemoAndNoneStartsAnother) {
  const PageMemo a(12), b(12);
  EXPECT_NE(a.Marker(0), b.Marker(0));
  for (std::size_t i = 0; i < 12; ++i)
    for (std::size_t j = 0; j < 12; ++j)
      if (i != j) {
        EXPECT_FALSE(a.Marker(j).starts_with(a.Marker(i))) << i << " " << j;
      }
  // Hole 1 and hole 10 must be told apart in one page.
  const CutPage page("x" + a.Marker(1) + "y" + a.Marker(10) + "z", a.Markers());
  std::vector<std::string> values(12);
  values[1] = "one";
  values[10] = "ten";
  EXPECT_EQ(page.Fill(values), "xoneytenz");
}

TEST(PageMemo, AKeptPageIsFoundByItsKeyOnly) {
  PageMemo memo(2);
  const auto html = "<p>" + memo.Marker(0) + "|" + memo.Marker(1) + "</p>";
  EXPECT_EQ(memo.Find("CPH-HAM"), nullptr);
  const auto kept = memo.Keep("CPH-HAM", {}, html);
  ASSERT_NE(kept, nullptr);
  EXPECT_EQ(kept->Fill({"c", "n"}), "<p>c|n</p>");
  const auto found = memo.Find("CPH-HAM");
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->Fill({"c2", "n2"}), "<p>c2|n2</p>");
  EXPECT_EQ(memo.Find("CPH-HAMX"), nullptr);
  EXPECT_EQ(memo.Find("CPH-HA"), nullptr);
  EXPECT_EQ(memo.stats().found, 1u);
  EXPECT_EQ(memo.stats().kept, 1u);
}

TEST(PageMemo, APageWhoseDataIsGoneIsNeverShownAgain) {
  PageMemo memo(2);
  auto day = std::make_shared<const int>(7);
  auto other = std::make_shared<const int>(8);
  memo.Keep("key", {day, other}, "<p>seven</p>");
  ASSERT_NE(memo.Find("key"), nullptr);
  day.reset();
  EXPECT_EQ(memo.Find("key"), nullptr);
  // Kept again under the same key with live data: found again.
  auto again = std::make_shared<const int>(9);
  memo.Keep("key", {again}, "<p>nine</p>");
  ASSERT_NE(memo.Find("key"), nullptr);
  EXPECT_EQ(memo.Find("key")->Fill({"", ""}), "<p>nine</p>");
}

TEST(PageMemo, KeepsAtMostItsBoundInBytes) {
  PageMemo memo(2, 16 * 1024);  // 1 KiB a shard
  const std::string body(200, 'x');
  for (int i = 0; i < 1000; ++i) {
    memo.Keep("page" + std::to_string(i), {}, body + std::to_string(i));
    ASSERT_LE(memo.bytes(), 16u * 1024);
  }
  EXPECT_GT(memo.size(), 16u);  // several pages a shard
  // Whatever is still kept is itself, and the sizes add up.
  int found = 0;
  std::size_t bytes = 0;
  for (int i = 0; i < 1000; ++i) {
    const auto key = "page" + std::to_string(i);
    if (auto page = memo.Find(key)) {
      ++found;
      bytes += key.size() + page->size();
      EXPECT_EQ(page->Fill({"", ""}), body + std::to_string(i));
    }
  }
  EXPECT_EQ(static_cast<std::size_t>(found), memo.size());
  EXPECT_EQ(bytes, memo.bytes());
}

TEST(PageMemo, KeepingAKeyAgainReplacesItsPage) {
  PageMemo memo(2, 16 * 1024);
  memo.Keep("same", {}, "<p>old</p>");
  memo.Keep("same", {}, "<p>new and longer</p>");
  EXPECT_EQ(memo.size(), 1u);
  EXPECT_EQ(memo.bytes(), std::string("same").size() + std::string("<p>new and longer</p>").size());
  EXPECT_EQ(memo.Find("same")->Fill({"", ""}), "<p>new and longer</p>");
}

TEST(PageMemo, APageLargerThanAShardIsShownButNotKept) {
  PageMemo memo(2, 16 * 1024);
  const auto page = memo.Keep("huge", {}, std::string(2000, 'h'));
  EXPECT_EQ(page->Fill({"", ""}), std::string(2000, 'h'));
  EXPECT_EQ(memo.Find("huge"), nullptr);
  EXPECT_EQ(memo.bytes(), 0u);
}

}  // namespace
}  // namespace jetway::web
