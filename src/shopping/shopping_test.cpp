// The pure parts of shopping.
#include <gtest/gtest.h>

#include "shopping/availability_service.hpp"

namespace jetway::shopping {
namespace {

Offer MakeOffer(const char* klass, const char* brand, std::int64_t minor) {
  Offer o;
  o.booking_class = klass;
  o.brand = brand;
  o.price.total = core::Money{minor, "EUR"};
  return o;
}

TEST(Shopping, CheapestPerBrandKeepsOneOfferPerBrandCheapestFirst) {
  const std::vector<Offer> all{MakeOffer("B", "Flex", 40000), MakeOffer("K", "Light", 21000),
                               MakeOffer("H", "Classic", 26000), MakeOffer("L", "Light", 16000),
                               MakeOffer("M", "Classic", 31000)};
  const auto offers = CheapestPerBrand(all);
  std::vector<std::string> seen;
  for (const auto* o : offers) seen.push_back(o->brand + "/" + o->booking_class);
  EXPECT_EQ(offers.front(), &all[3]);  // the offer itself, not a copy
  EXPECT_EQ(seen, (std::vector<std::string>{"Light/L", "Classic/H", "Flex/B"}));
  EXPECT_TRUE(CheapestPerBrand({}).empty());
}

}  // namespace
}  // namespace jetway::shopping
