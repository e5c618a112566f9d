#include "reports/table.hpp"

#include <fmt/core.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace jetway::reports {

namespace {

std::string CsvField(const Cell& cell) {
  std::string text = cell.text;
  if (!cell.number && !text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos)
    text.insert(text.begin(), '\'');
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

void CsvRow(std::string& out, const std::vector<Cell>& cells) {
  for (std::size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + CsvField(cells[i]);
  out += "\r\n";
}

// Removes the temporary file however ToXlsx leaves.
struct TempFile {
  std::string path;
  ~TempFile() {
    if (!path.empty()) ::unlink(path.c_str());
  }
};

void Check(lxw_error error, const char* what) {
  if (error != LXW_NO_ERROR) throw std::runtime_error(fmt::format("xlsx {}: {}", what, lxw_strerror(error)));
}

void WriteSheet(lxw_workbook* book, lxw_format* bold, const Table& table) {
  lxw_worksheet* sheet = workbook_add_worksheet(book, table.name.substr(0, 31).c_str());
  if (!sheet) throw std::runtime_error("xlsx: cannot add the sheet " + table.name);
  for (std::size_t c = 0; c < table.headers.size(); ++c)
    Check(worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(c), table.headers[c].c_str(), bold), "header");
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const auto row = static_cast<lxw_row_t>(r + 1);
    for (std::size_t c = 0; c < table.rows[r].size(); ++c) {
      const auto& cell = table.rows[r][c];
      const auto col = static_cast<lxw_col_t>(c);
      if (cell.number)
        Check(worksheet_write_number(sheet, row, col, std::strtod(cell.text.c_str(), nullptr), nullptr), "number");
      else
        Check(worksheet_write_string(sheet, row, col, cell.text.c_str(), nullptr), "text");
    }
  }
  worksheet_set_column(sheet, 0, static_cast<lxw_col_t>(table.headers.empty() ? 0 : table.headers.size() - 1), 14,
                       nullptr);
}

}  // namespace

std::string ToCsv(const Table& table) {
  std::string out;
  std::vector<Cell> header;
  for (const auto& h : table.headers) header.push_back(Text(h));
  CsvRow(out, header);
  for (const auto& row : table.rows) CsvRow(out, row);
  return out;
}

std::string ToXlsx(const std::vector<Table>& tables) {
  const auto dir = std::filesystem::temp_directory_path().string();
  std::string pattern = dir + "/jetway-report-XXXXXX.xlsx";
  const int fd = ::mkstemps(pattern.data(), 5);
  if (fd < 0) throw std::runtime_error("xlsx: cannot make a temporary file in " + dir);
  ::close(fd);
  TempFile file{pattern};
  lxw_workbook_options options{};
  options.constant_memory = LXW_FALSE;
  options.tmpdir = const_cast<char*>(dir.c_str());  // the library's API takes a char* it does not change
  lxw_workbook* book = workbook_new_opt(file.path.c_str(), &options);
  if (!book) throw std::runtime_error("xlsx: cannot start a workbook");
  lxw_format* bold = workbook_add_format(book);
  format_set_bold(bold);
  try {
    for (const auto& table : tables) WriteSheet(book, bold, table);
  } catch (...) {
    workbook_close(book);
    throw;
  }
  Check(workbook_close(book), "close");
  std::ifstream in(file.path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace jetway::reports
