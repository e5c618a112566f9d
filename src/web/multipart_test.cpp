#include "web/multipart.hpp"

#include <gtest/gtest.h>

#include "web/page.hpp"

namespace jetway::web {
namespace {

using namespace std::string_literals;

const std::string kBody =
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=\"csrf\"\r\n\r\n"
    "abc.def\r\n"
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=\"image\"; filename=\"pass.png\"\r\n"
    "Content-Type: image/png\r\n\r\n"
    "\x89PNG\r\n\x1a\n\0\0binary\r\n--X not the end\r\n"
    "--XyZ--\r\n"s;

TEST(Multipart, ReadsFieldsAndFilesWithTheirBytes) {
  EXPECT_EQ(MultipartBoundary("multipart/form-data; boundary=XyZ"), "XyZ");
  EXPECT_EQ(MultipartBoundary("Multipart/Form-Data; charset=utf-8; boundary=\"a b\""), "a b");
  EXPECT_FALSE(MultipartBoundary("application/x-www-form-urlencoded"));
  EXPECT_FALSE(MultipartBoundary("multipart/form-data"));
  EXPECT_FALSE(MultipartBoundary("multipart/form-data; boundary=" + std::string(71, 'x')));
  const std::string body(kBody.data(), kBody.size());
  auto parts = ParseMultipart(body, "XyZ");
  ASSERT_TRUE(parts);
  ASSERT_EQ(parts->size(), 2U);
  EXPECT_EQ((*parts)[0].name, "csrf");
  EXPECT_EQ((*parts)[0].body, "abc.def");
  EXPECT_EQ((*parts)[1].filename, "pass.png");
  EXPECT_EQ((*parts)[1].content_type, "image/png");
  EXPECT_EQ((*parts)[1].body, "\x89PNG\r\n\x1a\n\0\0binary\r\n--X not the end"s);
}

TEST(Multipart, RefusesWhatIsNotAWellFormedBody) {
  for (const std::string bad : {"", "--XyZ", "--XyZ\r\nno headers end", "--Other\r\n\r\nx\r\n--Other--",
                                "--XyZ\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n--XyZ--",
                                "--XyZ\r\nContent-Disposition: form-data\r\n\r\nx\r\n--XyZ--",
                                "--XyZ\r\nbroken header\r\n\r\nx\r\n--XyZ--",
                                "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno close"})
    EXPECT_FALSE(ParseMultipart(bad, "XyZ")) << bad;
  std::string many = "--B";
  for (int i = 0; i < 40; ++i) many += "\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nv\r\n--B";
  many += "--";
  EXPECT_FALSE(ParseMultipart(many, "B", 32)) << "more parts than a form has";
  EXPECT_TRUE(ParseMultipart(many, "B", 64));
}

TEST(Multipart, AFormWithAFileReadsAsAForm) {
  http::Request request;
  request.method = "POST";
  request.headers["Content-Type"] = "multipart/form-data; boundary=XyZ";
  request.body = std::string(kBody.data(), kBody.size());
  auto form = ParseForm(request);
  ASSERT_TRUE(form);
  EXPECT_EQ(FormValue(*form, "csrf"), "abc.def");
  EXPECT_EQ(FormValue(*form, "image").substr(0, 4), "\x89PNG");
  request.body = "--XyZ\r\nbroken";
  EXPECT_FALSE(ParseForm(request));
}

}  // namespace
}  // namespace jetway::web
