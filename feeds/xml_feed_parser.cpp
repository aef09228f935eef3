#include "feeds/xml_feed_parser.h"

#include <algorithm>
#include <climits>
#include <cstring>
#include <mutex>
#include <string>
#include <vector>

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>

#include "feeds/feed_builder.h"
#include "feeds/html_text.h"
#include "feeds/simple_xml_reader.h"

namespace armwatch::feeds {
namespace {

// Entity expansion may add this much text, or the document's own size if larger.
constexpr std::size_t kMinEntityBudget = 1u << 20;

std::string_view view(const xmlChar* s) {
  return s == nullptr ? std::string_view() : std::string_view(reinterpret_cast<const char*>(s));
}

// What the SAX callbacks share. Reached through the parser context's _private,
// which libxml2 also copies into the sub-contexts it makes for entity content.
struct SaxState {
  SaxState(std::string_view origin, const std::optional<Zone>& default_zone)
      : builder(origin, default_zone) {}

  FeedBuilder builder;
  xmlParserCtxtPtr main = nullptr;  // the document's context; others parse entity content
  std::size_t entity_bytes = 0;     // text delivered from entity expansion so far
  std::size_t entity_budget = 0;
  bool entity_refused = false;
  std::string first_error;
};

SaxState* state_of(void* ctx) {
  auto* ctxt = static_cast<xmlParserCtxtPtr>(ctx);
  return ctxt == nullptr ? nullptr : static_cast<SaxState*>(ctxt->_private);
}

// libxml2 2.9 replays an internal entity's content through the SAX callbacks on
// every reference, in a sub-context, without its amplification checks; so a few
// thousand references to a large entity would expand to gigabytes. Charge that
// text to a budget and stop the whole parse when it runs out.
bool within_entity_budget(void* ctx, SaxState& state, std::size_t bytes) {
  if (ctx == state.main) {
    return true;
  }
  state.entity_bytes += bytes;
  if (state.entity_bytes <= state.entity_budget) {
    return true;
  }
  if (!state.entity_refused) {
    state.entity_refused = true;
    xmlStopParser(static_cast<xmlParserCtxtPtr>(ctx));
    xmlStopParser(state.main);
  }
  return false;
}

void on_start(void* ctx, const xmlChar* local, const xmlChar* /*prefix*/, const xmlChar* uri,
              int /*nb_namespaces*/, const xmlChar** /*namespaces*/, int nb_attributes,
              int /*nb_defaulted*/, const xmlChar** attrs) {
  SaxState* state = state_of(ctx);
  if (state == nullptr || !within_entity_budget(ctx, *state, 16)) {
    return;
  }
  std::vector<XmlAttribute> attributes;
  attributes.reserve(static_cast<std::size_t>(nb_attributes));
  for (int i = 0; i < nb_attributes; ++i) {
    const xmlChar** a = attrs + 5 * i;  // local, prefix, URI, value begin, value end
    std::string_view value(reinterpret_cast<const char*>(a[3]),
                           static_cast<std::size_t>(a[4] - a[3]));
    // Without entity substitution libxml2 leaves "&#38;" for '&' in attribute values.
    attributes.push_back({view(a[2]), view(a[0]), decode_entities(value)});
  }
  state->builder.start_element(view(uri), view(local), attributes);
}

void on_end(void* ctx, const xmlChar*, const xmlChar*, const xmlChar*) {
  SaxState* state = state_of(ctx);
  if (state != nullptr && !(state->entity_refused && ctx != state->main)) {
    state->builder.end_element();
  }
}

void on_text(void* ctx, const xmlChar* ch, int len) {
  SaxState* state = state_of(ctx);
  if (state != nullptr && within_entity_budget(ctx, *state, static_cast<std::size_t>(len))) {
    state->builder.text(
        std::string_view(reinterpret_cast<const char*>(ch), static_cast<std::size_t>(len)));
  }
}

// Declared entities are replayed through on_text by libxml2; nothing to do here.
void on_reference(void*, const xmlChar*) {}

void on_external_subset(void*, const xmlChar*, const xmlChar*, const xmlChar*) {}

xmlParserInputPtr refuse_entity(void*, const xmlChar*, const xmlChar*) {
  return nullptr;
}

xmlParserInputPtr refuse_load(const char*, const char*, xmlParserCtxtPtr) {
  return nullptr;
}

void on_error(void* ctx, xmlErrorPtr error) {
  SaxState* state = state_of(ctx);
  if (state == nullptr || error == nullptr) {
    return;
  }
  if ((error->code == XML_ERR_UNDECLARED_ENTITY || error->code == XML_WAR_UNDECLARED_ENTITY) &&
      error->str1 != nullptr) {
    state->builder.undeclared_entity(view(reinterpret_cast<const xmlChar*>(error->str1)));
  }
  if (error->code == XML_ERR_ENTITY_LOOP) {
    state->entity_refused = true;
  }
  if (state->first_error.empty() && error->level >= XML_ERR_ERROR && error->message != nullptr) {
    std::string message = error->message;
    while (!message.empty() && message.back() == '\n') {
      message.pop_back();
    }
    state->first_error = "line " + std::to_string(error->line) + ": " + message;
  }
}

xmlSAXHandler make_handler() {
  xmlSAXHandler sax;
  std::memset(&sax, 0, sizeof sax);
  // The SAX2 defaults keep the DTD's entity declarations (needed to expand
  // internal entities); element, text and error callbacks are ours, so no tree
  // of the document is ever built.
  xmlSAXVersion(&sax, 2);
  sax.startElementNs = on_start;
  sax.endElementNs = on_end;
  sax.characters = on_text;
  sax.cdataBlock = on_text;
  sax.ignorableWhitespace = on_text;
  sax.reference = on_reference;
  sax.resolveEntity = refuse_entity;
  sax.externalSubset = on_external_subset;
  sax.comment = nullptr;
  sax.processingInstruction = nullptr;
  sax.warning = nullptr;
  sax.error = nullptr;
  sax.fatalError = nullptr;
  sax.serror = on_error;
  return sax;
}

// The builder's feed, or why the document is not one.
Result<ParsedFeed> finish(FeedBuilder& builder, const std::string& where,
                          const std::string& first_error) {
  if (builder.is_html_page()) {
    return make_error(ErrorCode::kParse, "is an HTML page, not a feed", where);
  }
  if (!builder.saw_root()) {
    return make_error(ErrorCode::kParse, "no XML root element (" + first_error + ")", where);
  }
  if (!builder.is_feed()) {
    return make_error(ErrorCode::kParse, "root element <" + builder.root_name() + "> is not a feed",
                      where);
  }
  return builder.take();
}

}  // namespace

void install_refusing_entity_loader() {
  static std::once_flag once;
  std::call_once(once, [] {
    xmlInitParser();
    xmlSetExternalEntityLoader(refuse_load);
  });
}

Result<ParsedFeed> parse_xml_feed(std::string_view utf8, std::string_view origin,
                                  const std::optional<Zone>& default_zone) {
  std::string where(origin);
  if (utf8.size() > static_cast<std::size_t>(INT_MAX)) {
    return make_error(ErrorCode::kTooLarge, "document larger than 2 GiB", where);
  }
  install_refusing_entity_loader();
  xmlParserCtxtPtr ctxt = xmlCreateMemoryParserCtxt(utf8.data(), static_cast<int>(utf8.size()));
  if (ctxt == nullptr) {
    return make_error(ErrorCode::kInternal, "cannot create an XML parser", where);
  }
  static const xmlSAXHandler kHandler = make_handler();
  auto* sax = static_cast<xmlSAXHandler*>(xmlMalloc(sizeof(xmlSAXHandler)));
  std::memcpy(sax, &kHandler, sizeof kHandler);
  xmlFree(ctxt->sax);
  ctxt->sax = sax;
  SaxState state(origin, default_zone);
  state.main = ctxt;
  state.entity_budget = std::max<std::size_t>(kMinEntityBudget, utf8.size());
  ctxt->_private = &state;
  // Never NOENT, DTDLOAD, DTDATTR or HUGE: entities stay unexpanded by default,
  // no DTD is fetched, and libxml2's size and amplification limits stay on.
  xmlCtxtUseOptions(ctxt, XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_IGNORE_ENC);
  xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8);
  xmlParseDocument(ctxt);
  // nsWellFormed: an undeclared prefix ("<x:title>") is a namespace error.
  bool well_formed = ctxt->wellFormed != 0 && ctxt->nsWellFormed != 0;
  if (ctxt->myDoc != nullptr) {
    xmlFreeDoc(ctxt->myDoc);
    ctxt->myDoc = nullptr;
  }
  xmlFreeParserCtxt(ctxt);

  Result<ParsedFeed> result = finish(state.builder, where, state.first_error);
  if (!result) {
    return result;
  }
  ParsedFeed& feed = *result;
  feed.broken = !well_formed;
  if (!well_formed) {
    feed.warnings.push_back("not well-formed XML, read in recover mode: " + state.first_error);
  }
  if (state.entity_refused) {
    feed.warnings.push_back("entity expansion refused (entity loop or amplification limit)");
  }
  return result;
}

std::optional<Result<ParsedFeed>> parse_simple_xml_feed(std::string_view utf8,
                                                        std::string_view origin,
                                                        const std::optional<Zone>& default_zone) {
  FeedBuilder builder(origin, default_zone);
  if (!read_simple_xml(utf8, builder)) {
    return std::nullopt;
  }
  return finish(builder, std::string(origin), "");
}

}  // namespace armwatch::feeds
