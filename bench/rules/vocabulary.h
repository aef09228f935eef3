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

// Korean: the peninsula in Korean (issue 9). Nouns take particles in the
// corpus (군사분계선을, 북한군이); the generated pack's Korean rules use these
// lists. 북, 북측, 합참, 유엔사 and 군정위 are briefing abbreviations that the
// normaliser expands (rules/README.md, "Korean").
inline constexpr std::string_view kKoDprkActors[] = {
    "북한",   "북",     "북측", "조선인민군",   "인민군",
    "북한군", "김정은", "평양", "조선중앙통신", "김여정"};
inline constexpr std::string_view kKoRokActors[] = {
    "합참", "합동참모본부", "국방부", "군 당국", "통일부", "한국군", "대통령실", "우리 군"};
inline constexpr std::string_view kKoUncActors[] = {"유엔사", "유엔군사령부", "군사정전위원회",
                                                    "군정위", "중립국감독위원회"};
inline constexpr std::string_view kKoPlaces[] = {
    "군사분계선",    "비무장지대", "북방한계선", "서해",     "동해",   "연평도", "백령도", "판문점",
    "공동경비구역",  "접경지역",   "최전방",     "감시초소", "휴전선", "철원",   "파주",   "개성",
    "서해 완충구역", "중부전선",   "동부전선",   "MDL",      "DMZ",    "NLL"};
// Weapons and things sent across (nouns).
inline constexpr std::string_view kKoWeapons[] = {
    "탄도미사일", "순항미사일", "미사일", "방사포",     "오물풍선", "무인기",
    "지뢰",       "포탄",       "해안포", "자주포",     "정찰위성", "잠수함",
    "경비정",     "전투기",     "폭격기", "쓰레기 풍선"};
// Acts: verbal nouns, written with 하다 / 되다 endings in the corpus (발사했다).
inline constexpr std::string_view kKoActs[] = {"발사",     "포격",     "침범",   "사격", "월선",
                                               "도발",     "살포",     "매설",   "폭파", "배치",
                                               "시험발사", "경고사격", "포사격", "침투"};
// Verb stems of the generated rules' `prefix` terms and the corpus verbs
// they match (넘어왔다, 쏘았다, 날려보냈다).
inline constexpr std::string_view kKoVerbStems[] = {"넘어", "넘었", "쏘",  "쐈",
                                                    "쏜",   "날려", "보냈"};
inline constexpr std::string_view kKoVerbs[] = {"넘어왔다", "넘었다",      "쏘았다",
                                                "쐈다",     "날려 보냈다", "넘어온 뒤 돌아갔다"};
inline constexpr std::string_view kKoTalks[] = {
    "정전협정",   "정전",     "9·19 군사합의", "군사합의", "남북 회담",
    "고위급회담", "군사회담", "남북 연락채널", "종전선언", "남북기본합의서"};
inline constexpr std::string_view kKoRepudiation[] = {"파기", "무효화",    "효력 정지",
                                                      "폐기", "전면 중단", "백지화"};
// Denials and hedges (the pack appends them to the built-in cue lists).
inline constexpr std::string_view kKoNegation[] = {"부인", "사실무근", "오인"};
inline constexpr std::string_view kKoHedging[] = {"가능성", "만약", "추정"};

// Korean modifiers x heads: the Korean phrase terms of the generated pack.
inline constexpr std::string_view kKoModifiers[] = {
    "단거리",   "중거리",   "장거리",   "신형",   "초대형", "전술",   "전략",
    "극초음속", "고체연료", "액체연료", "대구경", "개량형", "자폭형", "정찰용",
    "공격형",   "다연장",   "대륙간",   "초정밀", "북한제", "소형",   "대형"};
inline constexpr std::string_view kKoHeads[] = {"미사일", "로켓",   "방사포", "무인기", "드론",
                                                "잠수함", "구축함", "경비정", "포탄",   "발사대",
                                                "위성",   "전투기", "폭격기", "어뢰",   "탄두",
                                                "엔진",   "자주포", "해안포", "발사체", "함정"};

// Korean outlets, for the `source` field of Korean items. 조선일보 and
// 조선중앙통신 are compounds: neither is the term 조선.
inline constexpr std::string_view kKoSources[] = {
    "연합뉴스", "KBS 뉴스", "조선중앙통신", "노동신문", "뉴시스", "한겨레",
    "조선일보", "중앙일보", "동아일보",     "MBC 뉴스", "YTN",    "뉴스1"};

// Korean news prose with nothing about the peninsula's military: economy,
// weather, sport, culture, society. Most frequent first (drawn with a Zipf law).
inline constexpr std::string_view kKoNewsWords =
    "정부 오늘 지난 올해 이번 관련 지역 서울 경우 기자 시장 경제 사회 국내 대한 위해 통해 "
    "가운데 최근 이날 전국 기업 국민 대통령 국회 의원 여당 야당 정책 예산 법안 발표 계획 "
    "추진 지원 사업 증가 감소 기록 전년 대비 수준 규모 가격 물가 금리 한국은행 기준금리 "
    "환율 주가 코스피 코스닥 투자자 외국인 반도체 수출 수입 무역 흑자 적자 성장률 소비 "
    "고용 실업률 일자리 임금 부동산 아파트 전세 매매 분양 주택 청약 대출 은행 보험 카드 "
    "자동차 배터리 전기차 조선업 철강 석유화학 유통 편의점 백화점 온라인 쇼핑 플랫폼 "
    "인공지능 스마트폰 통신 게임 콘텐츠 날씨 기온 영하 한파 폭염 열대야 장마 소나기 "
    "태풍 강풍 대설 황사 미세먼지 기상청 예보 주말 아침 오후 낮 밤 비 눈 맑음 흐림 "
    "야구 프로야구 축구 국가대표 감독 선수 경기 우승 결승 준결승 득점 홈런 리그 시즌 "
    "올림픽 금메달 배구 농구 골프 마라톤 구단 팬 관중 영화 드라마 배우 가수 공연 콘서트 "
    "전시회 미술관 박물관 축제 관광객 여행 항공편 공항 고속도로 교통 귀성길 명절 추석 "
    "설날 학교 학생 교사 대학 입시 수능 교육청 병원 의사 환자 의료 감기 독감 백신 건강 "
    "복지 연금 노인 청년 출산율 인구 지방자치단체 시청 구청 주민 시민 소방 경찰 사고 "
    "화재 교통사고 수사 재판 법원 검찰 판결 혐의 환경 쓰레기 재활용 탄소 에너지 전력 "
    "전기요금 가스 태양광 원전 발전소 농업 어업 쌀 배추 사과 김장 식품 음식점 카페";

// Korean verbs and predicate endings for filler sentences.
inline constexpr std::string_view kKoPredicates[] = {
    "밝혔다",   "전했다",   "발표했다", "나타났다", "기록했다", "증가했다",
    "감소했다", "예정이다", "전망이다", "있다",     "설명했다", "강조했다",
    "집계됐다", "조사됐다", "개최된다", "열렸다",   "이어졌다", "마무리됐다"};

// Korean items that mention none of it but look close: 정전 (a power cut),
// 유엔사무국, 발사대 of a fireworks show, 북극 and 북부, 서해안, 미사일 of a
// foreign country. The engine must wake on some and fire on none.
inline constexpr std::string_view kKoTraps[] = {
    "서울 일부 지역에서 정전이 발생해 주민 불편이 이어졌다",
    "한국전력은 폭염으로 정전 사고가 잇따르자 긴급 점검에 나섰다",
    "유엔사무국은 기후 회의 일정을 발표했다",
    "유엔사무총장은 기후 위기 대응을 촉구했다",
    "불꽃축제 발사대 주변 관람객 출입이 통제됐다",
    "북극 한파가 내려오면서 북부 지방 기온이 영하로 떨어졌다",
    "서해안 고속도로 정체가 귀성길 내내 이어졌다",
    "이란이 탄도미사일을 시험 발사했다고 외신이 보도했다",
    "조선업 수주 실적이 3년 만에 최대를 기록했다",
    "평양냉면 전문점이 주말 손님으로 붐볐다"};

}  // namespace armwatch::bench
