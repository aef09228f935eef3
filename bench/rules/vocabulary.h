// Word lists for the rules benchmark generator (bench/rules/gen.cpp): general
// news vocabulary ordered roughly by frequency (drawn with a Zipf law), and the
// Korean-peninsula vocabulary that both the generated pack and the corpus use.
#pragma once

#include <string_view>

namespace armwatch::bench {

// ~900 words of English news prose, most frequent first. Function words and
// reporting verbs lead, as in a wire service's text.
inline constexpr std::string_view kNewsWords =
    "the of to and a in said for on that is was with by at as from it has have be will are an "
    "were its not which after but been had more who would this they also their year new than two "
    "over about one up could percent people government last other into first some time told "
    "when three million against while we there between police during under officials before "
    "since may state city country public president week minister only all our back most us "
    "because many where if including former so what company made now high years such being "
    "national group next however make take still well around part month both any those through "
    "no how out day report according local second world like should can four five region him "
    "her he she them his help say says another another end area market under billion across "
    "plan work support news five health election party court law security economic data "
    "children school home family women men life business service team season game win won "
    "lost played players coach league club final match points goals cup record weather rain "
    "storm snow temperatures forecast flooding heat wave wind power energy oil gas prices "
    "inflation rates bank central interest growth economy trade exports imports tariffs "
    "shares stocks investors index profit revenue quarter earnings sales demand supply "
    "production factory workers jobs unemployment wages union strike protest protesters rally "
    "vote voters campaign candidate parliament lawmakers bill budget tax spending debt deficit "
    "policy reform agency department ministry office council committee board chairman chief "
    "executive director spokesman spokeswoman statement announced announcement expected "
    "reported confirmed added noted warned called asked urged agreed decided continued began "
    "started ended opened closed increased decreased rose fell dropped jumped climbed slipped "
    "gained remained reached recorded showed found hit killed injured arrested charged accused "
    "sentenced released hospital patients doctors medical disease virus vaccine cases deaths "
    "university students study research scientists technology digital online internet users "
    "phone app software data companies firms industry sector products services customers "
    "consumers retail online platform media television film music festival art museum "
    "culture history tourism travel airport airline flights passengers train railway road "
    "traffic accident fire firefighters blaze wildfire earthquake quake tsunami disaster "
    "emergency rescue victims residents village town capital province county district north "
    "south east west northern southern eastern western central coast island river mountain "
    "border sea ocean port ship ships vessel fishing farmers crops food water climate "
    "environment pollution emissions carbon green renewable solar nuclear plant reactor "
    "electricity grid housing homes property rent construction building project projects "
    "infrastructure investment fund funding aid loans support programme program plans "
    "efforts talks meeting summit visit trip leaders leader foreign affairs relations "
    "diplomatic ambassador embassy envoy delegation cooperation agreement deal partnership "
    "alliance allies military army navy air force troops soldiers defence defense forces war "
    "conflict peace ceasefire attack attacks strike strikes bombing missile missiles drone "
    "drones rocket weapons nuclear sanctions threat threats tensions crisis response action "
    "measures rules regulation regulators investigation probe inquiry trial judge prosecutors "
    "lawyer case cases evidence crime murder fraud corruption scandal allegations "
    "resignation resigned appointed elected sworn victory defeat opposition ruling coalition "
    "majority minority conservative liberal democratic republican senator governor mayor "
    "prime king queen prince royal church religious community social welfare pension "
    "retirement age older younger young old million billion thousands hundreds dozens "
    "several few many per cent half third quarter monday tuesday wednesday thursday friday "
    "saturday sunday morning afternoon evening night today yesterday tomorrow earlier later "
    "recently currently already again soon just even very much less least best better good "
    "bad big small large major key important significant strong weak long short full early "
    "late final top low higher lower largest biggest latest recent previous current future "
    "possible likely unlikely clear open free fair private general special international "
    "global regional domestic foreign official senior junior main own real certain whole "
    "hard easy difficult able available ready likely told asked reporters press conference "
    "interview briefing speech remarks comments questions answer answers issue issues "
    "problem problems concern concerns risk risks impact effect effects change changes "
    "result results decision decisions process system systems level levels number numbers "
    "rate amount cost costs value price share percent rise fall increase decrease growth "
    "loss losses gain gains deal deals contract contracts sale purchase buy sell sold bought "
    "paid pay payment money cash dollars euros yen won currency exchange financial finance "
    "banking banks lenders borrowers mortgage credit card cards account accounts";

// Outlets, for the `source` field and for "..., Yonhap said." endings.
inline constexpr std::string_view kSources[] = {
    "Yonhap",  "Reuters", "AP",  "AFP", "Korea Herald", "Korea JoongAng Daily", "NK News",
    "UN News", "Kyodo",   "BBC", "KBS", "Arirang",      "The Hankyoreh",        "Chosun Ilbo"};

// Korean-peninsula vocabulary: lists of the generated pack and corpus phrases.
inline constexpr std::string_view kDprkActors[] = {"North Korea",
                                                   "North Korean",
                                                   "DPRK",
                                                   "Pyongyang",
                                                   "KPA",
                                                   "Korean People's Army",
                                                   "Kim Jong Un",
                                                   "KCNA",
                                                   "N. Korea",
                                                   "North Korean military",
                                                   "Democratic People's Republic of Korea"};
inline constexpr std::string_view kRokActors[] = {"South Korea",
                                                  "South Korean",
                                                  "Seoul",
                                                  "ROK",
                                                  "JCS",
                                                  "Joint Chiefs of Staff",
                                                  "South Korean military",
                                                  "Defense Ministry",
                                                  "Unification Ministry"};
inline constexpr std::string_view kUncActors[] = {"UN Command",
                                                  "United Nations Command",
                                                  "UNC",
                                                  "Military Armistice Commission",
                                                  "Neutral Nations Supervisory Commission",
                                                  "NNSC",
                                                  "UNCMAC"};
inline constexpr std::string_view kPlaces[] = {"DMZ",
                                               "Demilitarized Zone",
                                               "Military Demarcation Line",
                                               "MDL",
                                               "Panmunjom",
                                               "Joint Security Area",
                                               "JSA",
                                               "Northern Limit Line",
                                               "NLL",
                                               "Yeonpyeong",
                                               "Baengnyeong",
                                               "West Sea",
                                               "East Sea",
                                               "Yellow Sea",
                                               "Cheorwon",
                                               "Paju",
                                               "Goseong",
                                               "Gimpo",
                                               "Kaesong",
                                               "buffer zone",
                                               "border area",
                                               "frontline",
                                               "guard post",
                                               "guard posts",
                                               "Punggye-ri",
                                               "Sohae",
                                               "Tongchang-ri",
                                               "Wonsan",
                                               "Sinpo",
                                               "Korean Peninsula"};
inline constexpr std::string_view kActs[] = {
    "fired",      "fires",    "launched", "launches",    "test-fired",     "crossed",  "crossing",
    "violated",   "intruded", "shelled",  "opened fire", "exchanged fire", "deployed", "rebuilt",
    "laid mines", "blew up",  "sent",     "flew",        "detonated",      "conducted"};
inline constexpr std::string_view kTalks[] = {"talks",
                                              "summit",
                                              "dialogue",
                                              "negotiations",
                                              "hotline",
                                              "joint declaration",
                                              "military agreement",
                                              "Comprehensive Military Agreement",
                                              "armistice",
                                              "Armistice Agreement",
                                              "peace treaty",
                                              "end-of-war declaration",
                                              "high-level talks",
                                              "working-level talks"};
inline constexpr std::string_view kRepudiation[] = {
    "null and void", "scrapped",  "suspended", "nullified",     "no longer bound",
    "tore up",       "abrogated", "renounced", "withdraw from", "declared dead"};

// Modifiers x heads: the phrase terms of the generated pack (and of the corpus).
inline constexpr std::string_view kModifiers[] = {
    "short-range",    "long-range",    "medium-range",    "ballistic",
    "cruise",         "hypersonic",    "tactical",        "strategic",
    "guided",         "anti-ship",     "anti-aircraft",   "submarine-launched",
    "solid-fuel",     "liquid-fuel",   "multiple",        "mobile",
    "coastal",        "naval",         "nuclear-capable", "intercontinental",
    "reconnaissance", "unmanned",      "artillery",       "supersonic",
    "new-type",       "large-caliber", "super-large",     "multi-warhead",
    "ground-based",   "sea-based"};
inline constexpr std::string_view kHeads[] = {
    "missile",   "missiles",        "rocket",      "rockets",   "launcher",  "launchers",
    "warhead",   "warheads",        "drone",       "drones",    "submarine", "submarines",
    "vessel",    "vessels",         "patrol boat", "destroyer", "bomber",    "bombers",
    "satellite", "rocket launcher", "weapon",      "weapons",   "system",    "test",
    "tests",     "shells",          "guns",        "howitzers", "engine",    "aircraft"};

// Words that turn into the generated regexes: "(\d+|two|several) <head>" and
// "<head> (launch|test|firing)s?".
inline constexpr std::string_view kRegexHeads[] = {"ballistic missiles?",
                                                   "cruise missiles?",
                                                   "artillery shells?",
                                                   "rockets?",
                                                   "drones?",
                                                   "balloons?",
                                                   "warning shots?",
                                                   "patrol boats?",
                                                   "fighter jets?",
                                                   "bombers?",
                                                   "warships?",
                                                   "soldiers?",
                                                   "troops?",
                                                   "defectors?",
                                                   "mines?",
                                                   "guard posts?",
                                                   "shells?",
                                                   "rounds?",
                                                   "launchers?",
                                                   "satellites?",
                                                   "submarines?",
                                                   "howitzers?",
                                                   "tanks?",
                                                   "vessels?",
                                                   "aircraft"};

}  // namespace armwatch::bench
