#include "feeds/charset.h"

#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>

#include <iconv.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "core/text.h"
#include "feeds/utf8.h"

namespace armwatch::feeds {
namespace {

struct Alias {
  std::string_view label;
  std::string_view iconv_name;
};

// Labels servers use, mapped to the superset encodings browsers actually apply.
constexpr std::array<Alias, 47> kAliases = {{
    {"utf-8", "UTF-8"},
    {"utf8", "UTF-8"},
    {"unicode-1-1-utf-8", "UTF-8"},
    {"utf_8", "UTF-8"},
    {"u8", "UTF-8"},
    {"utf_16", "UTF-16"},
    {"u16", "UTF-16"},
    {"utf_32", "UTF-32"},
    {"u32", "UTF-32"},
    {"unicode", "UTF-16"},
    {"euc-kr", "CP949"},
    {"euc_kr", "CP949"},
    {"euckr", "CP949"},
    {"ks_c_5601-1987", "CP949"},
    {"ks_c_5601", "CP949"},
    {"ksc5601", "CP949"},
    {"ksc_5601", "CP949"},
    {"korean", "CP949"},
    {"cp949", "CP949"},
    {"x-windows-949", "CP949"},
    {"windows-949", "CP949"},
    {"uhc", "CP949"},
    {"ms949", "CP949"},
    {"iso-8859-1", "WINDOWS-1252"},
    {"iso8859-1", "WINDOWS-1252"},
    {"iso_8859-1", "WINDOWS-1252"},
    {"latin1", "WINDOWS-1252"},
    {"latin-1", "WINDOWS-1252"},
    {"l1", "WINDOWS-1252"},
    {"us-ascii", "WINDOWS-1252"},
    {"ascii", "WINDOWS-1252"},
    {"cp819", "WINDOWS-1252"},
    {"gb2312", "GB18030"},
    {"gbk", "GB18030"},
    {"x-gbk", "GB18030"},
    {"cp936", "GB18030"},
    {"gb_2312-80", "GB18030"},
    {"shift_jis", "CP932"},
    {"shift-jis", "CP932"},
    {"sjis", "CP932"},
    {"x-sjis", "CP932"},
    {"ms_kanji", "CP932"},
    {"windows-31j", "CP932"},
    {"big5", "BIG5-HKSCS"},
    {"x-euc-jp", "EUC-JP"},
    {"tis-620", "CP874"},
    {"iso-8859-11", "CP874"},
}};

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// Encoding named by a byte order mark, and its length; {"", 0} when there is none.
std::pair<std::string_view, std::size_t> sniff_bom(std::string_view b) {
  if (starts_with(b, "\xEF\xBB\xBF")) {
    return {"UTF-8", 3};
  }
  if (starts_with(b, std::string_view("\xFF\xFE\0\0", 4))) {
    return {"UTF-32LE", 4};
  }
  if (starts_with(b, std::string_view("\0\0\xFE\xFF", 4))) {
    return {"UTF-32BE", 4};
  }
  if (starts_with(b, "\xFF\xFE")) {
    return {"UTF-16LE", 2};
  }
  if (starts_with(b, "\xFE\xFF")) {
    return {"UTF-16BE", 2};
  }
  return {"", 0};
}

// UTF-16/32 without a BOM, recognised from a leading '<' (XML spec appendix F).
std::string_view sniff_wide(std::string_view b) {
  if (b.size() < 4) {
    return "";
  }
  auto u = [&](std::size_t i) { return static_cast<unsigned char>(b[i]); };
  if (u(0) == 0 && u(1) == 0 && u(2) == 0 && u(3) == '<') {
    return "UTF-32BE";
  }
  if (u(0) == '<' && u(1) == 0 && u(2) == 0 && u(3) == 0) {
    return "UTF-32LE";
  }
  if (u(0) == 0 && u(1) == '<' && u(2) == 0 && u(3) != 0) {
    return "UTF-16BE";
  }
  if (u(0) == '<' && u(1) == 0 && u(2) != 0 && u(3) == 0) {
    return "UTF-16LE";
  }
  return "";
}

// The encoding="..." of an ASCII-compatible XML declaration, lower-cased, or "".
std::string declared_encoding(std::string_view b) {
  if (!starts_with(b, "<?xml")) {
    return "";
  }
  std::size_t end = b.find("?>");
  std::string_view decl = b.substr(0, end == std::string_view::npos ? 200 : end);
  std::size_t at = decl.find("encoding");
  if (at == std::string_view::npos) {
    return "";
  }
  std::size_t i = at + 8;
  while (i < decl.size() && (decl[i] == ' ' || decl[i] == '=' || decl[i] == '\t')) {
    ++i;
  }
  if (i >= decl.size() || (decl[i] != '"' && decl[i] != '\'')) {
    return "";
  }
  std::size_t close = decl.find(decl[i], i + 1);
  if (close == std::string_view::npos) {
    return "";
  }
  return ascii_lower(decl.substr(i + 1, close - i - 1));
}

bool is_wide_label(std::string_view iconv_name) {
  return starts_with(iconv_name, "UTF-16") || starts_with(iconv_name, "UTF-32") ||
         starts_with(iconv_name, "UCS-") || iconv_name == "UNICODE";
}

std::size_t unit_size(std::string_view iconv_name) {
  if (starts_with(iconv_name, "UTF-32") || starts_with(iconv_name, "UCS-4")) {
    return 4;
  }
  return is_wide_label(iconv_name) ? 2 : 1;
}

// Converts with iconv, replacing invalid input with U+FFFD. False if iconv refuses
// the encoding name.
bool convert(std::string_view in, const std::string& from, DecodedBody& out) {
  iconv_t cd = iconv_open("UTF-8", from.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    return false;
  }
  std::string result;
  result.reserve(in.size() + in.size() / 2);
  char* src = const_cast<char*>(in.data());  // iconv's API is not const-correct
  std::size_t src_left = in.size();
  std::array<char, 16384> buf;
  while (src_left > 0) {
    char* dst = buf.data();
    std::size_t dst_left = buf.size();
    std::size_t rc = iconv(cd, &src, &src_left, &dst, &dst_left);
    result.append(buf.data(), static_cast<std::size_t>(dst - buf.data()));
    if (rc != static_cast<std::size_t>(-1) || errno == E2BIG) {
      continue;
    }
    out.had_errors = true;
    result += "\xEF\xBF\xBD";
    if (errno != EILSEQ) {  // EINVAL: a sequence cut off at the end
      break;
    }
    std::size_t skip = std::min(unit_size(from), src_left);
    src += skip;
    src_left -= skip;
  }
  iconv_close(cd);
  out.utf8 = std::move(result);
  return true;
}

// Share of Hangul syllables (U+AC00..U+D7A3) among the non-ASCII characters
// of valid UTF-8 `s`, as a pair (hangul, non_ascii).
std::pair<std::size_t, std::size_t> hangul_share(std::string_view s) {
  std::size_t hangul = 0;
  std::size_t non_ascii = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80 || (c & 0xC0) == 0x80) {
      continue;  // ASCII or a continuation byte: count each character once, at its lead
    }
    ++non_ascii;
    if (c >= 0xEA && c <= 0xED && i + 2 < s.size()) {
      unsigned cp = ((c & 0x0Fu) << 12) | ((static_cast<unsigned char>(s[i + 1]) & 0x3Fu) << 6) |
                    (static_cast<unsigned char>(s[i + 2]) & 0x3Fu);
      hangul += cp >= 0xAC00 && cp <= 0xD7A3 ? 1 : 0;
    }
  }
  return {hangul, non_ascii};
}

// CP949 bytes under a UTF-8 or Latin-1 label: true (and `out` filled) when the
// body reads as CP949 without a single error and most of its non-ASCII text is
// Hangul, which a Latin-1 or broken UTF-8 body almost never does.
bool read_as_cp949(std::string_view body, DecodedBody& out) {
  DecodedBody cp949;
  if (!convert(body, "CP949", cp949) || cp949.had_errors) {
    return false;
  }
  auto [hangul, non_ascii] = hangul_share(cp949.utf8);
  if (non_ascii == 0 || hangul * 2 < non_ascii) {
    return false;
  }
  out.warnings.push_back("labelled " + out.encoding + " but read as CP949, which it is");
  out.utf8 = std::move(cp949.utf8);
  out.encoding = "CP949";
  out.relabelled = true;
  return true;
}

// Whether a body labelled `name` (no byte order mark) may be CP949 in disguise:
// UTF-8 (or no label) that is not valid UTF-8, or Latin-1 in a Korean feed.
bool may_be_cp949(std::string_view body, const std::string& name, bool korean) {
  if (name == "UTF-8") {
    return !is_valid_utf8(body);
  }
  return korean && name == "WINDOWS-1252";
}

}  // namespace

std::string charset_from_content_type(std::string_view ct) {
  std::string lower = ascii_lower(ct);
  std::size_t at = lower.find("charset");
  if (at == std::string::npos) {
    return "";
  }
  std::size_t i = at + 7;
  while (i < lower.size() && (lower[i] == ' ' || lower[i] == '\t')) {
    ++i;
  }
  if (i >= lower.size() || lower[i] != '=') {
    return "";
  }
  ++i;
  while (i < lower.size() && (lower[i] == ' ' || lower[i] == '"' || lower[i] == '\'')) {
    ++i;
  }
  std::size_t end = i;
  while (end < lower.size() && lower[end] != ';' && lower[end] != ' ' && lower[end] != '"' &&
         lower[end] != '\'') {
    ++end;
  }
  return lower.substr(i, end - i);
}

std::string iconv_name_for(std::string_view label) {
  std::string lower = ascii_lower(label);
  for (const auto& alias : kAliases) {
    if (alias.label == lower) {
      return std::string(alias.iconv_name);
    }
  }
  std::string upper;
  for (char c : lower) {
    upper += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  return upper;
}

std::string detect_encoding(std::string_view body, std::string_view content_type,
                            std::size_t* bom_length) {
  auto [bom_name, bom_len] = sniff_bom(body);
  if (bom_length != nullptr) {
    *bom_length = bom_len;
  }
  std::string name(bom_name);
  body.remove_prefix(bom_len);
  std::string_view wide = sniff_wide(body);
  if (name.empty() && !wide.empty()) {
    name = wide;
  }
  if (name.empty()) {
    for (const std::string& label :
         {declared_encoding(body), charset_from_content_type(content_type)}) {
      std::string candidate = iconv_name_for(label);
      // A UTF-16/32 label on a document whose first bytes are ASCII is a lie.
      if (!candidate.empty() && !is_wide_label(candidate)) {
        name = candidate;
        break;
      }
    }
  }
  return name.empty() ? "UTF-8" : name;
}

bool is_xml_safe_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  constexpr std::uint64_t k20 = 0x2020202020202020ULL;
  constexpr std::uint64_t k80 = 0x8080808080808080ULL;
  std::size_t i = 0;
  while (i < n) {
#if defined(__SSE2__)
    // Sixteen printable ASCII bytes at a time; signed compare: >= 0x80 is negative.
    if (i + 16 <= n) {
      __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
      if (_mm_movemask_epi8(_mm_cmpgt_epi8(v, _mm_set1_epi8(0x1F))) == 0xFFFF) {
        i += 16;
        continue;
      }
    }
#endif
    if (i + 8 <= n) {  // eight printable ASCII bytes at a time: no byte >= 0x80 or < 0x20
      std::uint64_t v = 0;
      std::memcpy(&v, p + i, 8);
      if (((v | ((v - k20) & ~v)) & k80) == 0) {
        i += 8;
        continue;
      }
    }
    unsigned char c = p[i];
    if (c < 0x80) {
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
        return false;
      }
      ++i;
      continue;
    }
    std::size_t len = utf8_sequence_length(s, i);
    // U+FFFE and U+FFFF are not XML characters either.
    if (len == 0 || (c == 0xEF && p[i + 1] == 0xBF && (p[i + 2] == 0xBE || p[i + 2] == 0xBF))) {
      return false;
    }
    i += len;
  }
  return true;
}

DecodedBody decode_to_utf8(std::string_view body, std::string_view content_type, bool korean) {
  DecodedBody out;
  std::size_t bom_len = 0;
  std::string name = detect_encoding(body, content_type, &bom_len);
  body.remove_prefix(bom_len);
  out.encoding = name;
  if (bom_len == 0 && may_be_cp949(body, name, korean) && read_as_cp949(body, out)) {
    return out;
  }
  if (name != "UTF-8" && !convert(body, name, out)) {
    out.had_errors = true;
    out.warnings.push_back("unknown encoding \"" + name + "\", read as UTF-8");
    out.encoding = "UTF-8";
  }
  if (out.encoding == "UTF-8") {
    out.utf8 = std::string(body);
  }
  if (!is_valid_utf8(out.utf8)) {
    out.had_errors = true;
    out.utf8 = repair_utf8(out.utf8);
  }
  if (out.had_errors && out.warnings.empty()) {
    out.warnings.push_back("bytes invalid in " + out.encoding + " were replaced with U+FFFD");
  }
  if (starts_with(out.utf8, "\xEF\xBB\xBF")) {  // a BOM inside a UTF-16 body, say
    out.utf8.erase(0, 3);
  }
  return out;
}

}  // namespace armwatch::feeds
