"""Second invented story set for pledges and proposal answers (corpus/pledges2), in current wire style.

Written for dyadwatch in December 2026 by a second author, independently of the first set
(pledge_stories.py) and of the rules: datelines, attributions ("according to", "officials said"),
officials named by title, reported speech, passive voice, long sentences with several clauses,
statements spread over paragraphs, spokespeople and ministries answering for their leaders, indirect
refusals and acceptances, amounts and deadlines in many shapes, and proposals reported in one story and
answered in a later one (which, as wire copy does, restates the proposal). Real states, made-up
figures, dates, people and wording, from no article. Each story's text is one paragraph per line.
The split is by story, fixed here (`split`) before any code ran on the stories; a proposal and its
later answer are in the same half.
"""
from __future__ import annotations


def P(actor, what, amount, currency, year):
    return {"actor": actor, "what": what, "amount": amount, "currency": currency, "deadline_year": year}


def A(proposer, proposal, responder, response):
    return {"proposer": proposer, "proposal": proposal, "responder": responder, "response": response}


def S(sid, split, date, title, text, pledges=(), answers=()):
    paragraphs = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return {"id": sid, "split": split, "date": date, "title": title, "text": "\n\n".join(paragraphs),
            "pledges": list(pledges), "answers": list(answers)}


STORIES = [
    S("w01", "tune", "2026-12-11", "Japan brings forward defence spending goal", """
TOKYO, Dec. 11 (Example Wire) -- Japan will bring forward its goal of lifting defence-related spending to 2% of gross domestic product to the fiscal year ending in March 2028, a year earlier than planned, the government's top spokesman said on Friday, as Tokyo responds to pressure from Washington and rising tension with Beijing.
The chief cabinet secretary told a regular news conference that the extra outlays, which include coast guard budgets and spending on ports and airfields that the armed forces can use, would be funded partly by a temporary surcharge on corporate taxes.
"The security environment surrounding our country is the most severe since the end of the war," he said, adding that details would be set out in the budget to be approved by the cabinet later this month.
Opposition parties criticised the plan, saying it had been decided without a debate in parliament.
""", [P("JPNGOV", "lift defence-related spending", 2, "PCT_GDP", 2028)]),

    S("w03", "tune", "2026-09-03", "India unveils shipbuilding push", """
NEW DELHI, Sept. 3 (Example Wire) -- India will spend 1.5 trillion rupees ($17 billion) over five years to build new shipyards and expand its merchant fleet, the shipping ministry said on Wednesday, part of a drive to cut the country's reliance on foreign-flagged vessels.
The programme, approved by the federal cabinet late on Tuesday, includes a credit-linked subsidy for shipbuilders and a fund that will take equity stakes in new yards, the ministry said in a statement.
Indian-flagged ships carry less than 10% of the country's external trade, according to government data, and freight payments to foreign shipping lines cost the economy an estimated $75 billion a year.
"This is not only an economic question, it is a question of strategic autonomy," the shipping minister told reporters in New Delhi.
""", [P("INDGOV", "build shipyards and expand the merchant fleet", 1.5e12, "INR", 2031)]),

    S("w04", "heldout", "2026-11-04", "Iraq to lift northern oil exports", """
BAGHDAD, Nov. 4 (Example Wire) -- Iraq will raise crude exports through the pipeline to Turkey's Ceyhan port to 230,000 barrels a day by the end of March, the oil ministry said on Wednesday, after federal and Kurdish officials settled a dispute over payments to foreign producers.
Flows through the pipeline, which was shut for two and a half years, have averaged about 180,000 barrels per day since it reopened in September, according to shipping data.
The ministry said in a statement that the state oil marketer would handle all sales and that revenue would be paid into an account held by the federal finance ministry.
Kurdish officials were not immediately available for comment.
""", [P("IRQGOV", "raise crude exports through the pipeline to Ceyhan", 230000, "BARRELS_PER_DAY", 2027)]),

    S("w05", "tune", "2026-06-24", "Germany vows faster military build-up as Spain balks at NATO goal", """
THE HAGUE, June 24 (Example Wire) -- Germany will raise its core military spending to 3.5% of gross domestic product by 2029, the German chancellor told reporters on the sidelines of a NATO summit on Tuesday, six years before the deadline the alliance's members are expected to agree.
NATO's secretary general has asked allies to commit to spending 5% of GDP on defence and related security by 2035, including 3.5% on core military needs such as troops and weapons.
Spain, however, signalled it would not sign up. In a letter to the secretary general seen by Example Wire, the Spanish prime minister said that committing to the 5% goal would be "unreasonable and counterproductive" and that Madrid could meet its obligations with far less.
Diplomats said a compromise wording was being drafted that would allow the summit declaration to be adopted by all members.
""", [P("DEUGOV", "raise core military spending", 3.5, "PCT_GDP", 2029)],
      [A("IGOWSTNAT", "spending 5% of GDP on defence", "ESPGOV", "reject")]),

    S("w07", "tune", "2026-10-30", "China to resume large U.S. soybean purchases", """
BUSAN, South Korea, Oct. 30 (Example Wire) -- China will buy 12 million metric tons of U.S. soybeans before the end of this year and at least 25 million metric tons a year over the following three years, the U.S. Treasury secretary said on Thursday after the leaders of the world's two biggest economies met in South Korea.
Beijing's commerce ministry, in a separate statement, gave no figures but said the two sides had reached a consensus on expanding agricultural trade and would "properly handle" outstanding issues.
Soybean futures in Chicago rose 1.5% on the news. American farmers have sold almost no soybeans to China this season, according to U.S. Department of Agriculture data.
""", [P("CHNGOV", "buy U.S. soybeans", 1.2e7, "TONNES", 2026),
      P("CHNGOV", "buy U.S. soybeans each year", 2.5e7, "TONNES_PER_YEAR", 2029)]),

    S("w08", "heldout", "2026-02-11", "Seoul details U.S. investment package", """
SEOUL, Feb. 11 (Example Wire) -- South Korea will invest $350 billion in the United States under the trade deal struck with Washington last year, with $200 billion of that to be paid in cash installments capped at $20 billion a year, the presidential office's policy chief told a briefing on Wednesday.
The remaining $150 billion will go to shipbuilding projects in the United States led by Korean companies, he said, adding that the arrangement would shield the local currency from sudden outflows.
In return, U.S. tariffs on Korean cars and auto parts were lowered to 15% from 25%, the policy chief said.
Business groups welcomed the clarity but warned that the cash payments would weigh on the country's foreign exchange reserves.
""", [P("KORGOV", "invest in the United States", 3.5e11, "USD", None)]),

    S("w09", "tune", "2026-05-08", "Australia to pour billions into western shipyard", """
PERTH, May 8 (Example Wire) -- Australia will invest 12 billion Australian dollars over the next decade to develop a shipbuilding and submarine maintenance precinct south of Perth, the defence minister said on Friday, calling the yard a cornerstone of the AUKUS security pact.
The Henderson precinct will build landing craft and general purpose frigates and, from the 2030s, maintain the nuclear-powered submarines that Australia is buying from the United States, he told reporters at the site.
The AUKUS programme is expected to cost up to 368 billion Australian dollars over three decades, according to earlier government estimates.
""", [P("AUSGOV", "develop a shipbuilding and submarine maintenance precinct", 1.2e10, "AUD", 2036)]),

    S("w10", "heldout", "2026-08-19", "Canada to boost Latvia deployment", """
RIGA, Aug. 19 (Example Wire) -- Canada will deploy up to 1,200 additional troops to Latvia before the end of next year, bringing its contribution to the NATO brigade it leads in the Baltic state to more than 3,000 soldiers, the Canadian defence minister said on Wednesday.
Speaking alongside his Latvian counterpart at the Adazi military base, the minister said tanks and artillery would also be sent, and that Ottawa would build new housing for soldiers' families.
Latvia's defence minister welcomed the announcement, saying it sent "a clear message" to Moscow.
""", [P("CANGOV", "deploy additional troops to Latvia", 1200, "TROOPS", 2027)]),

    S("w11", "tune", "2026-02-24", "UAE commits to invest $40bn in Italy", """
ROME, Feb. 24 (Example Wire) -- The United Arab Emirates has committed to invest $40bn in Italy in sectors ranging from energy to artificial intelligence, the Italian prime minister's office said on Monday following talks between the two countries' leaders in Rome.
The agreements, worth a combined $40bn, include an undersea power cable linking Albania and Italy and deals on data centres, according to a statement from the prime minister's office.
Italy is seeking to attract foreign capital to revive growth, which the central bank forecasts at about 0.6% this year.
""", [P("AREGOV", "invest in Italy", 4e10, "USD", None)]),

    S("w12", "heldout", "2026-06-30", "Germany budgets more military aid for Ukraine", """
BERLIN, June 30 (Example Wire) -- Germany will provide Ukraine with 11.5 billion euros in military aid next year, up from about 9 billion euros this year, the finance minister said on Tuesday as he presented the government's draft budget for 2027.
The draft, which still needs parliamentary approval, also foresees record borrowing to fund investment in roads, railways and the armed forces, the minister told a news conference in Berlin.
"Ukraine can rely on Germany," he said, adding that Berlin expected other European countries to increase their contributions.
""", [P("DEUGOV", "provide military aid to Ukraine", 1.15e10, "EUR", 2027)]),

    S("w13", "tune", "2026-01-22", "Indonesia sets coal exit date, cool on early plant closure", """
JAKARTA, Jan. 22 (Example Wire) -- Indonesia will phase out coal-fired power within 15 years and replace it with renewable energy and gas, the energy and mineral resources minister said on Thursday, a goal environmental groups described as ambitious given the country's heavy reliance on coal.
The minister told a parliamentary hearing that the government would build new solar capacity, much of it in villages, but gave no details on how it would be financed.
He poured cold water, however, on a proposal from Japan, the biggest lender to the Cirebon-1 plant in West Java, to shut the plant seven years early, saying Indonesia could not afford to close plants before replacement capacity was in place.
""", [P("IDNGOV", "phase out coal-fired power", None, None, 2041)],
      [A("JPNGOV", "shut the Cirebon-1 plant early", "IDNGOV", "reject")]),

    S("w14", "heldout", "2026-03-30", "Saudi Arabia extends oil and cash support to Pakistan", """
ISLAMABAD, March 30 (Example Wire) -- Saudi Arabia will supply Pakistan with 50,000 barrels a day of crude oil on deferred payment terms for one year and will keep a $3 billion deposit at Pakistan's central bank, the Pakistani finance ministry said on Sunday.
The support, agreed during a visit to Riyadh by Pakistan's prime minister, will help the country meet the conditions of its International Monetary Fund programme, the ministry said in a statement.
Pakistan's foreign exchange reserves stood at about $11 billion last week, enough to cover roughly two months of imports, according to central bank data.
""", [P("SAUGOV", "supply crude oil on deferred payment", 50000, "BARRELS_PER_DAY", 2027),
      P("SAUGOV", "keep a deposit at Pakistan's central bank", 3e9, "USD", None)]),

    S("w15", "tune", "2026-11-06", "Norway backs Brazil's forest fund", """
BELEM, Brazil, Nov. 6 (Example Wire) -- Norway will lend $3bn over the next ten years to a new fund that pays countries for keeping their tropical forests standing, the Norwegian climate minister said on Thursday, the largest commitment so far to a flagship initiative of the climate summit hosted by Brazil.
Brazil, which launched the Tropical Forests Forever Facility, has invited wealthy nations and sovereign funds to invest in it and has itself committed $1bn.
Germany's environment minister signalled openness to joining, telling reporters that Berlin would make "a substantial contribution" but that the amount was still being discussed within the government.
France said it was not in a position to contribute this year.
""", [P("NORGOV", "lend to the tropical forests fund", 3e9, "USD", 2036),
      P("BRAGOV", "invest in the tropical forests fund", 1e9, "USD", None)],
      [A("BRAGOV", "invest in the tropical forests fund", "DEUGOV", "partial"),
       A("BRAGOV", "invest in the tropical forests fund", "FRAGOV", "reject")]),

    S("w16", "heldout", "2026-12-04", "Qatar to invest in Egypt", """
CAIRO, Dec. 4 (Example Wire) -- Qatar will invest 7.5 billion dollars in Egypt over the next two years, the Egyptian presidency said in a statement on Friday after the Qatari emir held talks with Egypt's president in Cairo.
The package, to be deployed within two years, will include direct investment in tourism and real estate on the Mediterranean coast, according to the statement.
Egypt hopes to attract $20 billion in investment from Gulf states by 2030, the planning minister said separately, as the country struggles with a shortage of foreign currency.
""", [P("QATGOV", "invest in Egypt", 7.5e9, "USD", 2028)]),

    S("w17", "tune", "2026-08-05", "U.S. pledges military financing to Manila", """
MANILA, Aug. 5 (Example Wire) -- Washington has allocated $500 million in foreign military financing to help modernise the Philippine armed forces and coast guard, money that will be disbursed before the end of next year, the U.S. defense secretary said during a visit to Manila on Wednesday.
He said the United States was also looking favourably at a Philippine request to keep a medium-range missile system in the country beyond this year, but that no decision had been taken.
The Philippines' defence secretary said the funding would be used to buy patrol vessels and radar systems for the South China Sea, where Manila has had repeated confrontations with Chinese vessels.
China's foreign ministry said the missile deployment threatened regional stability.
""", [P("USAGOV", "provide foreign military financing to the Philippines", 5e8, "USD", 2027)],
      [A("PHLGOV", "keep a medium-range missile system", "USAGOV", "partial")]),

    S("w18", "heldout", "2026-09-23", "Spain adds funds for Palestinian refugees, Germany cool on EU step", """
NEW YORK, Sept. 23 (Example Wire) -- Spain will contribute an extra 100 million euros to the United Nations agency for Palestinian refugees by the end of the year, the Spanish foreign minister said on Tuesday on the sidelines of the U.N. General Assembly.
The minister also urged the European Union to suspend its association agreement with Israel over the war in Gaza.
Germany's foreign minister said the time was not right for such a step, telling reporters that Berlin preferred to keep channels to the Israeli government open.
""", [P("ESPGOV", "contribute to the UN agency for Palestinian refugees", 1e8, "EUR", 2026)],
      [A("ESPGOV", "suspend the association agreement with Israel", "DEUGOV", "reject")]),

    S("w19", "tune", "2026-05-11", "Kremlin proposes direct talks with Kyiv in Istanbul", """
MOSCOW, May 11 (Example Wire) -- Russia's president proposed on Sunday that Moscow and Kyiv resume direct peace negotiations in Istanbul on Thursday without preconditions, speaking in a late-night televised address from the Kremlin.
He did not respond directly to a demand by Ukraine and its European allies for an unconditional 30-day ceasefire starting on Monday, which he described as an ultimatum.
Turkey's president told his Russian counterpart by telephone that Ankara was ready to host the negotiations, the Turkish presidency said in a statement.
""", [], [A("RUSGOV", "direct peace negotiations in Istanbul", "TURGOV", "accept")]),

    S("w20", "tune", "2026-05-12", "Kyiv dismisses Moscow's Istanbul offer", """
KYIV, May 12 (Example Wire) -- Ukraine on Monday dismissed a Kremlin offer of direct negotiations in Istanbul later this week as an attempt to buy time, saying Kyiv would not sit down with Russian officials while Moscow kept bombing Ukrainian cities.
"A ceasefire first, then talks," a spokesman for the Ukrainian foreign ministry told reporters, repeating the demand for a 30-day truce backed by Kyiv's European allies.
Russia's president had proposed on Sunday that the two sides meet in Istanbul on Thursday without preconditions.
""", [], [A("RUSGOV", "direct negotiations in Istanbul", "UKRGOV", "reject")]),

    S("w21", "heldout", "2026-02-19", "Ukraine declines to sign U.S. minerals draft", """
KYIV, Feb. 19 (Example Wire) -- Ukraine has declined to sign a U.S. proposal that would give Washington a 50% share of revenues from the country's rare earth minerals, saying the draft offered no security guarantees in return, two Ukrainian officials familiar with the matter said on Wednesday.
The proposal was handed to Ukraine's president by the U.S. Treasury secretary during a visit to Kyiv last week.
"We cannot sell our country," the president told reporters later, adding that his team had sent back amendments.
""", [], [A("USAGOV", "a 50% share of revenues from rare earth minerals", "UKRGOV", "reject")]),

    S("w22", "heldout", "2026-02-27", "Kyiv agrees in principle to minerals deal", """
KYIV, Feb. 27 (Example Wire) -- Ukraine has agreed in principle to a revised minerals deal with the United States after Washington dropped its demand for a 50% share of revenues from the country's rare earths, the Ukrainian prime minister said on Thursday.
Under the revised draft, the two countries will set up a joint reconstruction fund into which Ukraine will pay half of future income from state-owned mineral resources, he said in a televised interview.
The deal is expected to be signed in Washington on Friday, according to officials in both capitals.
""", [], [A("USAGOV", "revised minerals deal", "UKRGOV", "accept")]),

    S("w23", "tune", "2026-07-26", "Cambodia welcomes Malaysian offer, Bangkok says time not right", """
KUALA LUMPUR, July 26 (Example Wire) -- Malaysia's prime minister, who chairs the Association of Southeast Asian Nations, offered on Saturday to host talks between Thailand and Cambodia to end three days of deadly fighting along their border.
Cambodia welcomed the offer, with its foreign ministry saying in a statement that Phnom Penh was ready to send a delegation to Kuala Lumpur "at any time".
A spokesman for Thailand's foreign ministry said the time was not right for third-party involvement and that Bangkok preferred to settle the dispute through bilateral mechanisms.
""", [], [A("MYSGOV", "host talks between Thailand and Cambodia", "KHMGOV", "accept"),
          A("MYSGOV", "host talks between Thailand and Cambodia", "THAGOV", "reject")]),

    S("w24", "heldout", "2026-04-26", "India rebuffs Pakistani offer of inquiry", """
NEW DELHI, April 26 (Example Wire) -- India on Saturday rebuffed an offer by Pakistan's prime minister to take part in a "neutral and transparent" investigation into the killing of 26 tourists in Kashmir, with a foreign ministry spokesman saying the perpetrators and their backers would be brought to justice.
Pakistan's prime minister had made the offer in a speech at a military academy on Friday, denying any role in the attack.
China's foreign minister called both sides to show restraint in a telephone call with his Pakistani counterpart.
""", [], [A("PAKGOV", "neutral and transparent investigation", "INDGOV", "reject")]),

    S("w25", "tune", "2026-09-26", "Iran brushes aside European offer on sanctions delay", """
TEHRAN, Sept. 26 (Example Wire) -- Iran's foreign minister on Friday brushed aside a French offer to delay the return of United Nations sanctions by six months if Tehran let inspectors back into its nuclear sites, calling the conditions attached to it unreasonable.
France's foreign minister had said on Thursday that Paris and its partners were prepared to push back the so-called snapback if Iran resumed cooperation with the U.N. nuclear watchdog and accounted for its stock of enriched uranium.
Iran has said it will respond to any reimposition of sanctions, without giving details.
""", [], [A("FRAGOV", "delay the return of United Nations sanctions", "IRNGOV", "reject")]),

    S("w26", "heldout", "2026-08-27", "Oman offers to host new U.S.-Iran talks", """
MUSCAT, Aug. 27 (Example Wire) -- Oman has offered to host a new round of indirect talks between Iran and the United States on Tehran's nuclear programme, the Omani foreign ministry said on Wednesday.
Iran's foreign ministry welcomed the offer, with a spokesman telling a weekly news conference that Tehran "appreciates the constructive role" of Muscat.
The U.S. State Department said Washington was open to talks but that any agreement would require Iran to stop enriching uranium, a condition Tehran has repeatedly rejected.
""", [], [A("OMNGOV", "host a new round of talks", "IRNGOV", "accept"),
          A("OMNGOV", "host a new round of talks", "USAGOV", "partial")]),

    S("w27", "tune", "2026-03-05", "White House dismisses Canadian tariff truce idea", """
OTTAWA, March 5 (Example Wire) -- Canada's prime minister proposed on Wednesday that Ottawa and Washington both drop their tariffs on steel and aluminium while talks on a broader trade deal continue, and announced that Canada would spend 2 billion Canadian dollars within 18 months to support steelworkers and producers hit by U.S. duties.
The White House press secretary dismissed the idea hours later, telling reporters that the tariffs would stay in place until the flow of fentanyl across the northern border had stopped.
Canadian steel exports to the United States fell by a third in January, according to industry figures.
""", [P("CANGOV", "support steelworkers and producers", 2e9, "CAD", 2027)],
      [A("CANGOV", "drop tariffs on steel and aluminium", "USAGOV", "reject")]),

    S("w28", "heldout", "2026-06-18", "EU rejects Chinese price offer on electric cars", """
BRUSSELS, June 18 (Example Wire) -- The European Commission has rejected a Chinese offer to set minimum prices for electric vehicles exported to the European Union in place of tariffs, saying the proposal would not remove the harm caused by subsidies, a Commission spokesman said on Thursday.
China's commerce ministry had put forward the price undertakings on behalf of carmakers last month, arguing they were a fairer way to settle the dispute.
Talks on an alternative solution would continue, the spokesman said.
""", [], [A("CHNGOV", "minimum prices for electric vehicles", "EURGOV", "reject")]),

    S("w29", "tune", "2026-01-28", "Caracas accepts Colombian mediation, Washington says no", """
BOGOTA, Jan. 28 (Example Wire) -- Colombia's president offered on Tuesday to mediate between the United States and Venezuela as tensions rise over U.S. military strikes on boats in the Caribbean.
Venezuela's foreign minister said Caracas appreciated the gesture and accepted the offer of mediation, according to a statement read on state television.
The U.S. State Department ruled out any mediation, with a spokesperson saying there was nothing to negotiate with what she called an illegitimate government.
""", [], [A("COLGOV", "mediate between the United States and Venezuela", "VENGOV", "accept"),
          A("COLGOV", "mediate between the United States and Venezuela", "USAGOV", "reject")]),

    S("w30", "heldout", "2026-09-10", "Hamas accepts Egyptian ceasefire draft", """
CAIRO, Sept. 10 (Example Wire) -- Hamas has accepted a ceasefire proposal drafted by Egyptian mediators that would pause fighting in Gaza for 60 days and free half of the remaining hostages, a senior official of the Palestinian group told Example Wire on Wednesday.
The Israeli prime minister's office said it was studying the Egyptian proposal and would respond in the coming days.
Egypt's foreign minister said Cairo had also offered to host a reconstruction conference once fighting ends.
""", [], [A("EGYGOV", "ceasefire proposal for Gaza", "PSEREB", "accept"),
          A("EGYGOV", "ceasefire proposal for Gaza", "ISRGOV", "partial")]),

    S("w31", "tune", "2026-11-18", "Tokyo refuses Beijing's call to retract Taiwan remarks", """
TOKYO, Nov. 18 (Example Wire) -- Japan's top government spokesman said on Tuesday there was no need for the prime minister to retract her remarks about a possible military response to an attack on Taiwan, pushing back against repeated demands from Beijing.
China's foreign ministry had demanded that the prime minister take back the comments, which it called a gross interference in China's internal affairs, and has urged Chinese citizens to avoid travelling to Japan.
The chief cabinet secretary told reporters that Japan's position on Taiwan was unchanged and that Tokyo would keep explaining it to Beijing.
""", [], [A("CHNGOV", "retract her remarks about Taiwan", "JPNGOV", "reject")]),

    S("w32", "heldout", "2026-10-20", "Armenia agrees to constitutional referendum", """
YEREVAN, Oct. 20 (Example Wire) -- Armenia will put a new constitution to a referendum by 2027, the prime minister's office said on Tuesday, meeting a long-standing demand by Azerbaijan that Yerevan remove what Baku sees as territorial claims from the country's basic law.
Azerbaijan has said it will not sign the peace treaty initialled by the two countries in August until the constitution is changed.
Azerbaijan's foreign ministry welcomed the announcement as "a step in the right direction".
""", [P("ARMGOV", "hold a constitutional referendum", None, None, 2027)],
      [A("AZEGOV", "remove territorial claims from the constitution", "ARMGOV", "accept")]),

    S("w33", "tune", "2026-04-22", "Denmark pours cold water on Greenland purchase idea", """
COPENHAGEN, April 22 (Example Wire) -- Denmark's prime minister poured cold water on Wednesday on the U.S. president's renewed suggestion that the United States buy Greenland, saying the Arctic island was not for sale and that its future was for Greenlanders to decide.
She also said Denmark would spend 14.6 billion Danish crowns over the next two years on ships, drones and surveillance in the Arctic, in what officials described as a response to U.S. criticism that Copenhagen had neglected the region's security.
Greenland's premier said in a post on social media that the island's people did not want to be American.
""", [P("DNKGOV", "spend on Arctic security", 1.46e10, "DKK", 2028)],
      [A("USAGOV", "buy Greenland", "DNKGOV", "reject")]),

    S("w34", "heldout", "2026-05-29", "Pyongyang rebuffs Seoul's offer of military talks", """
SEOUL, May 29 (Example Wire) -- North Korea on Friday rebuffed South Korea's offer of military talks to reduce tension along the border, with the sister of the North's leader saying Pyongyang had no interest in any dialogue with Seoul.
South Korea's defence ministry had proposed on Monday that the two militaries meet at the border truce village of Panmunjom to discuss marking the demarcation line.
Seoul's unification ministry said it regretted the North's response and that its offer remained on the table.
""", [], [A("KORGOV", "military talks", "PRKGOV", "reject")]),

    S("w35", "tune", "2026-12-09", "Brussels agrees to French request for Mercosur delay", """
BRUSSELS, Dec. 9 (Example Wire) -- The European Commission agreed on Wednesday to postpone the signing of the EU's trade agreement with the Mercosur bloc by a month, granting a request from France, whose farmers have staged protests against the deal.
Italy backed the French request, the Italian agriculture minister said, adding that Rome needed stronger guarantees for its farmers.
The Commission also pledged to set up a 1 billion-euro fund to protect European farmers from sudden surges in imports by the summer, a Commission spokeswoman told a regular briefing.
""", [P("EURGOV", "set up a fund to protect farmers from import surges", 1e9, "EUR", 2027)],
      [A("FRAGOV", "postpone the signing of the Mercosur agreement", "EURGOV", "accept"),
       A("FRAGOV", "postpone the signing of the Mercosur agreement", "ITAGOV", "accept")]),

    S("w36", "heldout", "2026-12-15", "Ethiopia rules out binding dam deal", """
ADDIS ABABA, Dec. 15 (Example Wire) -- Ethiopia remains committed to talks with Egypt and Sudan under the African Union but will not accept a legally binding agreement on the operation of its giant hydropower dam on the Blue Nile, the foreign ministry said on Monday.
Egypt's foreign minister had called last week for a binding deal on the filling and operation of the dam, warning that Cairo would take all measures to protect its water security.
Ethiopia inaugurated the dam in September after more than a decade of construction.
""", [], [A("EGYGOV", "binding agreement on the dam", "ETHGOV", "reject")]),
]
