// What the back office's page files share: rendering inside the back office's frame, and each file's routes.
#pragma once

#include <string>
#include <string_view>

#include "admin/admin.hpp"

namespace jetway::admin {

// RenderPage with what every back-office page shows: who is signed in, and the sign-out form.
http::Response RenderAdmin(const AdminContext& ctx, const StaffRequest& request, int status, std::string_view page,
                           web::View view, const std::string& title);

// The page for a service's refusal, in the visitor's language, with the status its kind maps to.
http::Response Refused(const AdminContext& ctx, StaffRequest& request, const core::Error& error);

void AddSignInRoutes(AdminRoutes& routes);
void AddHomeRoutes(AdminRoutes& routes);
void AddStaffRoutes(AdminRoutes& routes);
void AddBookingRoutes(AdminRoutes& routes);
void AddInventoryRoutes(AdminRoutes& routes);
void AddReportRoutes(AdminRoutes& routes);
void AddScheduleRoutes(AdminRoutes& routes);

}  // namespace jetway::admin
