#include "booking/ssr.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <array>

#include "core/text.hpp"

namespace jetway::booking {

using core::ErrorKind;
using core::Fail;

namespace {

using G = SsrGroup;
constexpr std::array<SsrCode, 27> kCodes{{
    {"WCHR", G::kWheelchair, false, false}, {"WCHS", G::kWheelchair, false, false},
    {"WCHC", G::kWheelchair, false, false}, {"WCBD", G::kAssistance, false, false},
    {"WCBW", G::kAssistance, false, false}, {"WCMP", G::kAssistance, false, false},
    {"WCOB", G::kAssistance, false, false}, {"BLND", G::kAssistance, false, false},
    {"DEAF", G::kAssistance, false, false}, {"DPNA", G::kAssistance, false, false},
    {"MEDA", G::kAssistance, true, false},  {"STCR", G::kAssistance, false, false},
    {"UMNR", G::kAssistance, true, false},  {"EXST", G::kOther, false, false},
    {"CBBG", G::kOther, false, false},      {"PETC", G::kOther, true, false},
    {"AVIH", G::kOther, true, false},       {"VGML", G::kMeal, false, false},
    {"VLML", G::kMeal, false, false},       {"KSML", G::kMeal, false, false},
    {"MOML", G::kMeal, false, false},       {"DBML", G::kMeal, false, false},
    {"GFML", G::kMeal, false, false},       {"CHML", G::kMeal, false, false},
    {"BBML", G::kMeal, false, true},        {"OTHS", G::kOther, true, false},
    {"FQTV", G::kOther, true, false},
}};

bool Printable(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c < 0x7f && c != '/'; });
}

}  // namespace

std::span<const SsrCode> SsrCodes() { return kCodes; }

const SsrCode* FindSsr(std::string_view code) {
  for (const auto& c : kCodes)
    if (c.code == code) return &c;
  return nullptr;
}

std::string_view ToString(SsrGroup group) {
  switch (group) {
    case G::kWheelchair: return "wheelchair";
    case G::kAssistance: return "assistance";
    case G::kMeal: return "meal";
    case G::kOther: return "other";
  }
  return "other";
}

core::Result<void> CheckSsr(const Ssr& request, core::PaxType type, const std::vector<Ssr>& existing) {
  const auto field = fmt::format("ssrs[{}]", request.passenger);
  const auto* code = FindSsr(request.code);
  if (!code)
    return Fail(ErrorKind::kInvalid, "UNKNOWN_SSR",
                fmt::format("{} is not a special service request this airline takes", request.code.substr(0, 8)),
                field);
  if (code->needs_text && core::Trim(request.text).empty())
    return Fail(ErrorKind::kInvalid, "SSR_TEXT_REQUIRED", fmt::format("{} needs a few words saying what is needed",
                                                                      code->code), field);
  if (request.text.size() > kMaxSsrText || !Printable(request.text))
    return Fail(ErrorKind::kInvalid, "INVALID_SSR_TEXT",
                fmt::format("the text is up to {} letters, digits and punctuation (no '/')", kMaxSsrText), field);
  const bool infant = type == core::PaxType::kInfant;
  const bool fits = code->infants_only ? infant : !(infant && (code->group == G::kMeal || code->group == G::kWheelchair));
  if (!fits)
    return Fail(ErrorKind::kInvalid, "SSR_NOT_FOR_PASSENGER",
                fmt::format("{} is not for {}", code->code, infant ? "an infant on a lap" : "this passenger"), field);
  for (const auto& e : existing) {
    if (e.passenger != request.passenger || e.segment != request.segment) continue;
    if (e.code == request.code)
      return Fail(ErrorKind::kConflict, "SSR_ALREADY_REQUESTED",
                  fmt::format("passenger {} already asked for {} on this flight", request.passenger, e.code), field);
    const auto* other = FindSsr(e.code);
    if (other && other->group == code->group && (code->group == G::kMeal || code->group == G::kWheelchair))
      return Fail(ErrorKind::kConflict, "SSR_CONFLICT",
                  fmt::format("passenger {} already asked for {} on this flight: one {} per flight", request.passenger,
                              e.code, ToString(code->group)),
                  field);
  }
  return {};
}

std::string SsrElement(const Ssr& ssr, std::string_view airline) {
  const auto text = core::AsciiUpper(core::Trim(ssr.text));
  return fmt::format("SSR {} {} HK1{}{} /P{}", ssr.code, airline, text.empty() ? "" : " ", text, ssr.passenger);
}

}  // namespace jetway::booking
