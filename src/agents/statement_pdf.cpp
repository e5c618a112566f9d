#include "agents/statement_pdf.hpp"

#include <fmt/core.h>

#include <memory>
#include <stdexcept>
#include <vector>

#include "core/money.hpp"
#include "pdf/canvas.hpp"

namespace jetway::agents {
namespace {

// A4 in points, with 50 pt margins; one row of the table is 15 pt.
constexpr double kWidth = pdf::kPageWidth, kHeight = pdf::kPageHeight, kMargin = 50, kRow = 15;
constexpr double kBottom = kHeight - kMargin - 20;  // the page number sits below

using pdf::Align;
using Pdf = pdf::Canvas;

struct Column {
  double x;
  double width;
  Align align;
};
// Date, kind, booking, reference, amount, balance.
constexpr Column kColumns[] = {{kMargin, 120, Align::kLeft},       {kMargin + 122, 80, Align::kLeft},
                               {kMargin + 204, 60, Align::kLeft},  {kMargin + 266, 90, Align::kLeft},
                               {kMargin + 358, 68, Align::kRight}, {kMargin + 428, 67, Align::kRight}};

void Put(Pdf& pdf, double x, double y, double width, const std::string& text, double size = 9, bool bold = false,
         Align align = Align::kLeft) {
  pdf.Put(x, y, width, text, size, bold, align);
}

void Rule(Pdf& pdf, double y) { pdf.Rule(kMargin, kWidth - kMargin, y); }

std::string Shown(std::int64_t minor, const std::string& currency) {
  return core::FormatAmount({minor, currency});
}

// The airline, the title, the agency's name and address on the left, the month, currency and credit limit on the
// right. Returns where the body starts.
double Letterhead(Pdf& pdf, const Statement& s, const StatementTexts& t, const std::string& issuer) {
  const auto& a = s.agency;
  Put(pdf, kMargin, kMargin, 300, issuer, 16, true);
  Put(pdf, kMargin, kMargin + 24, 300, t.title, 13);
  double y = kMargin + 56;
  for (const auto& line : {a.name + (a.code.empty() ? "" : " (" + a.code + ")"), a.contact_name, a.address_line1,
                           a.address_line2, (a.postcode.empty() ? "" : a.postcode + " ") + a.city, a.country}) {
    if (line.empty()) continue;
    Put(pdf, kMargin, y, 280, line, 10);
    y += 13;
  }
  const double right = kWidth - kMargin - 200;
  const std::pair<std::string, std::string> facts[] = {{t.month, s.month.Label()},
                                                       {t.currency, s.currency},
                                                       {t.credit_limit, Shown(s.credit_limit, s.currency)}};
  double fy = kMargin + 56;
  for (const auto& [label, value] : facts) {
    Put(pdf, right, fy, 100, label, 10);
    Put(pdf, right + 100, fy, 100, value, 10, true, Align::kRight);
    fy += 13;
  }
  return std::max(y, fy) + 18;
}

void ColumnHeads(Pdf& pdf, const StatementTexts& t, double y) {
  const std::string heads[] = {t.date, t.kind, t.booking, t.reference, t.amount, t.balance};
  for (std::size_t i = 0; i < std::size(heads); ++i)
    Put(pdf, kColumns[i].x, y, kColumns[i].width, heads[i], 9, true, kColumns[i].align);
  Rule(pdf, y + kRow - 1);
}

void Line(Pdf& pdf, const StatementLine& line, const Statement& s, const StatementTexts& t, double y) {
  const auto& e = line.entry;
  const auto kind = t.kinds.count(e.kind) ? t.kinds.at(e.kind) : std::string(ToString(e.kind));
  const std::string cells[] = {core::FormatUtc(e.at).substr(0, 16).replace(10, 1, " "),
                               kind,
                               e.locator,
                               e.reference.empty() ? e.note : e.reference,
                               Shown(e.amount.minor, s.currency),
                               Shown(line.balance, s.currency)};
  for (std::size_t i = 0; i < std::size(cells); ++i)
    Put(pdf, kColumns[i].x, y, kColumns[i].width, cells[i], 9, false, kColumns[i].align);
}

// A labelled amount on the right-hand side, as the summary lines are printed.
void Sum(Pdf& pdf, double y, const std::string& label, std::int64_t minor, const std::string& currency, bool bold) {
  Put(pdf, kColumns[3].x, y, 170, label, 10, bold);
  Put(pdf, kColumns[5].x - 60, y, kColumns[5].width + 60, Shown(minor, currency), 10, bold, Align::kRight);
}

// How many pages the movements take, so that each page can say "of N".
int PagesNeeded(const Statement& s, double first_body_y) {
  const double first = first_body_y + 2 * kRow + 6;  // the opening line and the heads
  const int per_first = std::max(1, static_cast<int>((kBottom - first) / kRow));
  const int per_next = static_cast<int>((kBottom - kMargin - kRow) / kRow);
  int rows = static_cast<int>(s.lines.size()) + 9;  // the closing balance and the totals need about nine rows
  int pages = 1;
  rows -= per_first;
  while (rows > 0) {
    ++pages;
    rows -= per_next;
  }
  return pages;
}

class Pages {
 public:
  Pages(Pdf& pdf, const StatementTexts& t, int total) : pdf_(pdf), texts_(t), total_(total) {}
  // The next row's top, starting a new page (with the column heads when `heads`) when this one is full.
  double Next(double& y, bool heads) {
    if (y + kRow <= kBottom) return y;
    Finish();
    pdf_.NewPage();
    ++page_;
    y = kMargin;
    if (heads) {
      ColumnHeads(pdf_, texts_, y);
      y += kRow + 4;
    }
    return y;
  }
  void Finish() {
    std::string label = texts_.page;
    for (const auto& [token, value] : {std::pair{std::string("{page}"), page_}, {std::string("{pages}"), total_}})
      if (auto at = label.find(token); at != std::string::npos) label.replace(at, token.size(), std::to_string(value));
    Put(pdf_, kMargin, kHeight - kMargin, kWidth - 2 * kMargin, label, 8, false, Align::kRight);
  }

 private:
  Pdf& pdf_;
  const StatementTexts& texts_;
  int page_ = 1;
  int total_;
};

}  // namespace

std::string StatementPdf(const Statement& s, const StatementTexts& t, const std::string& issuer) {
  Pdf pdf(fmt::format("{} {} {}", t.title, s.agency.name, s.month.Label()));
  double y = Letterhead(pdf, s, t, issuer);
  Pages pages(pdf, t, PagesNeeded(s, y));
  Sum(pdf, y, t.opening, s.opening, s.currency, true);
  y += kRow + 6;
  ColumnHeads(pdf, t, y);
  y += kRow + 4;
  if (s.lines.empty()) {
    Put(pdf, kMargin, y, 400, t.none, 9);
    y += kRow;
  }
  for (const auto& line : s.lines) {
    Line(pdf, line, s, t, pages.Next(y, true));
    y += kRow;
  }
  y += 6;
  Rule(pdf, pages.Next(y, false));
  y += 6;
  Sum(pdf, pages.Next(y, false), t.closing, s.closing, s.currency, true);
  y += kRow + 10;
  Put(pdf, kColumns[3].x, pages.Next(y, false), 240, t.totals, 10, true);
  y += kRow;
  for (const auto& [kind, total] : {std::pair{LedgerKind::kDeposit, s.deposits}, {LedgerKind::kBooking, s.bookings},
                                    {LedgerKind::kRefund, s.refunds}, {LedgerKind::kAdjustment, s.adjustments}}) {
    const auto label = t.totals_of.count(kind) ? t.totals_of.at(kind) : std::string(ToString(kind));
    Sum(pdf, pages.Next(y, false), label, total, s.currency, false);
    y += kRow;
  }
  Sum(pdf, pages.Next(y, false),
      s.agency.settlement == Settlement::kNet ? t.commission_deducted : t.commission_to_pay_out, s.commission,
      s.currency, false);
  y += kRow;
  pages.Finish();
  return pdf.Finish();
}

}  // namespace jetway::agents
