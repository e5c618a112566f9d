// Who a "client" is for the limits against abuse: its IPv4 address, or for IPv6 its /64 network, since one
// subscriber is routinely given a whole /64 and could otherwise be millions of clients. Anything else is kept as
// it is (empty stays empty: no limits apply to the process itself).
#pragma once

#include <string>
#include <string_view>

namespace jetway::core {

std::string ClientKey(std::string_view address);

}  // namespace jetway::core
