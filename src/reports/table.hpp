// A report's table as the exports write it: a header row and rows of cells, numbers in machine form ("1290.50",
// "42") so that a spreadsheet sums them. CSV (RFC 4180) and XLSX (libxlsxwriter, one sheet per table).
#pragma once

#include <string>
#include <vector>

namespace jetway::reports {

struct Cell {
  std::string text;
  bool number = false;
  std::string display;  // how a page shows it in the reader's language ("1.290,50 kr."); empty: as `text`
};

struct Table {
  std::string name;  // the sheet's name (at most 31 characters, as Excel allows)
  std::vector<std::string> headers;
  std::vector<std::vector<Cell>> rows;
};

inline Cell Text(std::string text) { return Cell{std::move(text), false, {}}; }
inline Cell Number(std::string text, std::string display = {}) {
  return Cell{std::move(text), true, std::move(display)};
}

// CRLF line ends, fields quoted when they hold a comma, quote or line break. A text cell that a spreadsheet would run
// as a formula (starting with = + - @, a tab or a carriage return) gets a leading apostrophe (OWASP's CSV injection
// advice): a passenger's name must never become a formula on a finance clerk's machine.
std::string ToCsv(const Table& table);

// The workbook's bytes. libxlsxwriter writes files only, so it goes through a private temporary file that is removed
// before returning; throws std::runtime_error when the library fails.
std::string ToXlsx(const std::vector<Table>& tables);

}  // namespace jetway::reports
