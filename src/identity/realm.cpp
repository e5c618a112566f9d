#include "identity/realm.hpp"

namespace jetway::identity {

namespace {

void ReplaceAll(std::string& text, std::string_view from, std::string_view to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

}  // namespace

const Realm& StaffRealm() {
  static const Realm realm{"staff", core::Channel::kOffice, BuiltinRoles(), false, true, "user"};
  return realm;
}

const Realm& AgencyRealm() {
  static const Realm realm{"agency", core::Channel::kAgent, AgencyRoles(), true, false, "agency user"};
  return realm;
}

std::string RealmSql(const Realm& realm, std::string_view statement) {
  std::string text(statement);
  ReplaceAll(text, "{agency}", realm.by_agency ? "u.agency_id" : "0");
  ReplaceAll(text, "{agency_column}", realm.by_agency ? ", agency_id" : "");
  ReplaceAll(text, "{agency_value}", realm.by_agency ? ", ?" : "");
  if (realm.table_prefix != "staff") ReplaceAll(text, "staff_", std::string(realm.table_prefix) + "_");
  return text;
}

}  // namespace jetway::identity
