// What the back office's page files share: rendering inside the back office's frame, and each file's routes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "admin/admin.hpp"
#include "core/time.hpp"
#include "web/page.hpp"

namespace jetway::admin {

// RenderPage with what every back-office page shows: who is signed in, and the sign-out form.
http::Response RenderAdmin(const AdminContext& ctx, const StaffRequest& request, int status, std::string_view page,
                           web::View view, const std::string& title);

// The page for a service's refusal, in the visitor's language, with the status its kind maps to.
http::Response Refused(const AdminContext& ctx, StaffRequest& request, const core::Error& error);

// A refusal shown on the page whose form it refused: the language's text for its code (data-code carries the code),
// and the service's own detail when the text is general (it names the numbers, the flights, the bookings).
void ShowError(const AdminContext& ctx, const StaffRequest& request, const core::Error& error, web::View& view);
// The status a refused form answers: 422 for input the rules refuse, else the error kind's status.
int FormStatus(const core::Error& error);
// The "saved" notice after a redirect (?done=...); nothing when there is none (an empty string would still show it).
void ShowDone(const StaffRequest& request, web::View& view);
// A file to save (a report's CSV, a statement): `type` as its Content-Type, never cached.
http::Response Download(std::string body, const char* type, const std::string& file);

// A form's field, trimmed; empty when the form has none.
std::string Field(const web::Form& form, const char* name);
// Today's date (UTC) by the context's clock: where the back office's date filters start.
core::LocalDate Today(const AdminContext& ctx);
// A positive id that the page's path names (:name); nothing when it is not one.
std::optional<std::int64_t> PathId(const StaffRequest& request, const char* name);
// The agency a page's path names (:agency_id), as the actor may see it; AGENCY_NOT_FOUND for a malformed id.
std::optional<std::int64_t> AgencyId(const StaffRequest& request);
core::Error BadAgencyId();
core::Result<agents::AgencyView> AgencyOf(const AdminContext& ctx, const StaffRequest& request);

void AddSignInRoutes(AdminRoutes& routes);
void AddAccountRoutes(AdminRoutes& routes);
void AddHomeRoutes(AdminRoutes& routes);
void AddStaffRoutes(AdminRoutes& routes);  // the users', the roles' and the audit log's
void AddUserRoutes(AdminRoutes& routes);
void AddBookingRoutes(AdminRoutes& routes);
void AddInventoryRoutes(AdminRoutes& routes);
void AddReportRoutes(AdminRoutes& routes);
void AddScheduleRoutes(AdminRoutes& routes);
void AddSsimRoutes(AdminRoutes& routes);  // schedules as SSIM files (back office only)
void AddReferenceRoutes(AdminRoutes& routes);
void AddFareRoutes(AdminRoutes& routes);
void AddSettingsRoutes(AdminRoutes& routes);
void AddOperationsRoutes(AdminRoutes& routes);
void AddIncidentRoutes(AdminRoutes& routes);
void AddAgencyRoutes(AdminRoutes& routes);
void AddAgentBookingRoutes(AdminRoutes& routes);
void AddCommissionRoutes(AdminRoutes& routes);
void AddAgencyPeopleRoutes(AdminRoutes& routes);
void AddPartnerRoutes(AdminRoutes& routes);  // the partner API's partners (back office only)
void AddDepartureRoutes(AdminRoutes& routes);  // departure control (back office only)
void AddReaccommodationRoutes(AdminRoutes& routes);  // bookings schedule changes left for staff (back office only)
// Re-accommodates the passengers of the flights a schedule change just moved or cancelled (back office only).
void Reaccommodate(const AdminContext& ctx);

}  // namespace jetway::admin
