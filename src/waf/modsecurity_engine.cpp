#include "waf/modsecurity_engine.hpp"

#include <modsecurity/intervention.h>
#include <modsecurity/modsecurity.h>
#include <modsecurity/rule_message.h>
#include <modsecurity/rules_set.h>
#include <modsecurity/transaction.h>

namespace jetway::waf {

struct ModSecurityEngine::State {
  modsecurity::ModSecurity modsecurity;
  modsecurity::RulesSet rules;
};

ModSecurityEngine::ModSecurityEngine(std::unique_ptr<State> state) : state_(std::move(state)) {}
ModSecurityEngine::~ModSecurityEngine() = default;

std::unique_ptr<ModSecurityEngine> ModSecurityEngine::Load(const std::string& rules, const std::string& reference,
                                                           std::string* error) {
  auto state = std::make_unique<State>();
  state->modsecurity.setConnectorInformation("jetway");
  // Without a callback libmodsecurity prints every match to stderr, in the middle of jetway's JSON log; what a rule
  // found is logged by waf::MakeScreen instead, with the request id.
  state->modsecurity.setServerLogCb([](void*, const void*) {}, modsecurity::RuleMessageLogProperty);
  if (state->rules.load(rules.c_str(), reference) < 0) {
    *error = state->rules.getParserError();
    return nullptr;
  }
  return std::unique_ptr<ModSecurityEngine>(new ModSecurityEngine(std::move(state)));
}

namespace {

int InboundScore(modsecurity::Transaction& transaction) {
  auto value = transaction.m_collections.m_tx_collection->resolveFirst("inbound_anomaly_score");
  if (!value) value = transaction.m_collections.m_tx_collection->resolveFirst("anomaly_score");
  if (!value) return 0;
  try {
    return std::stoi(*value);
  } catch (const std::exception&) {
    return 0;
  }
}

}  // namespace

RawVerdict ModSecurityEngine::Inspect(const RawRequest& request) const {
  std::string id = request.id.empty() ? "jetway" : request.id;  // the library's API takes it as char*
  modsecurity::Transaction transaction(&state_->modsecurity, &state_->rules, id.data(), nullptr);
  transaction.processConnection(request.client_address.c_str(), 0, "127.0.0.1", 0);
  transaction.processURI(request.uri.c_str(), request.method.c_str(), "1.1");
  for (const auto& [name, value] : request.headers) transaction.addRequestHeader(name, value);
  transaction.processRequestHeaders();
  transaction.appendRequestBody(reinterpret_cast<const unsigned char*>(request.body.data()), request.body.size());
  transaction.processRequestBody();

  RawVerdict verdict;
  for (const auto& message : transaction.m_rulesMessages) verdict.matches.emplace_back(message.m_ruleId, message.m_message);
  modsecurity::ModSecurityIntervention intervention;
  modsecurity::intervention::clean(&intervention);
  verdict.disruptive = transaction.intervention(&intervention) && intervention.disruptive;
  modsecurity::intervention::free(&intervention);
  verdict.score = InboundScore(transaction);
  return verdict;
}

}  // namespace jetway::waf
