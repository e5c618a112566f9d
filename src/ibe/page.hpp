// The booking site's pages are made with the shared page infrastructure (web/page.hpp, web/format.hpp); these
// names let its handlers say Visit, RenderPage(ctx, ...) and T(ctx, visit, ...) with an IbeContext.
#pragma once

#include "ibe/ibe.hpp"
#include "web/format.hpp"
#include "web/page.hpp"

namespace jetway::ibe {

using web::BeginVisit;
using web::CsrfOk;
using web::CsrfRefused;
using web::Duration;
using web::ErrorText;
using web::Form;
using web::FormatPrice;
using web::FormValue;
using web::MessagePage;
using web::ParseForm;
using web::RenderPage;
using web::SeeOther;
using web::T;
using web::UrlWith;
using web::Visit;

}  // namespace jetway::ibe
