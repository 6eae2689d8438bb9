"""Invented wire-style stories for pledges and proposal answers, with their gold (news-dev format).

Every story here was written for dyadwatch: real states, made-up figures, dates and wording, written
from no article. `build_pledge_sets.py` writes them to corpus/pledges/{tune,heldout}/ and
corpus/answers/{tune,heldout}/ as one JSONL record per file plus gold.json. The split is by story and
fixed here (`split`); designs are chosen on the tune half, figures are reported on the held-out half.
"""
from __future__ import annotations


def P(actor, what, amount, currency, year):
    return {"actor": actor, "what": what, "amount": amount, "currency": currency, "deadline_year": year}


def A(proposer, proposal, responder, response):
    return {"proposer": proposer, "proposal": proposal, "responder": responder, "response": response}


PLEDGE_STORIES = [
    {"id": "p01", "split": "tune", "date": "2026-03-04", "title": "Canada sets 2030 target for defence spending",
     "text": "OTTAWA, March 4 (Example Wire) -- Canada will raise defence spending to 2% of GDP by 2030, the "
             "defence minister told parliament on Wednesday.\n\nThe government said the 2% of GDP target would be "
             "met by 2030 through new purchases of submarines and aircraft.\n\nOpposition lawmakers said the plan "
             "lacked detail and called for a vote on the budget.",
     "pledges": [P("CANGOV", "raise defence spending", 2, "PCT_GDP", 2030)], "answers": []},
    {"id": "p02", "split": "heldout", "date": "2026-03-18", "title": "Germany pledges new aid to Ukraine",
     "text": "BERLIN, March 18 (Example Wire) -- Germany pledged 4 billion euros in military aid to Ukraine over "
             "the next three years, the chancellor said after meeting Ukraine's prime minister in Berlin.\n\n"
             "Germany has provided about 28 billion euros in aid to Ukraine since 2022, according to government "
             "figures.\n\nBerlin hopes the new money will encourage other European donors to follow.",
     "pledges": [P("DEUGOV", "provide military aid to Ukraine", 4e9, "EUR", 2029)], "answers": []},
    {"id": "p03", "split": "tune", "date": "2026-05-12", "title": "India and UAE sign energy and ports deal",
     "text": "NEW DELHI, May 12 (Example Wire) -- India and the United Arab Emirates signed an energy and "
             "infrastructure agreement on Tuesday.\n\nUnder the deal, India will buy 2 million tonnes of liquefied "
             "natural gas a year from the Emirates, while the UAE committed to invest $10 billion in Indian ports "
             "by 2032.\n\nOfficials in both capitals called the agreement a milestone.",
     "pledges": [P("INDGOV", "buy liquefied natural gas from the Emirates", 2e6, "TONNES_PER_YEAR", None),
                 P("AREGOV", "invest in Indian ports", 1e10, "USD", 2032)], "answers": []},
    {"id": "p04", "split": "heldout", "date": "2026-06-02", "title": "Saudi Arabia to lift oil output",
     "text": "RIYADH, June 2 (Example Wire) -- Saudi Arabia will raise its crude output by 400,000 barrels per "
             "day by the end of the year, the energy ministry said on Tuesday.\n\nAnalysts expect prices to ease "
             "once the extra barrels reach the market.",
     "pledges": [P("SAUGOV", "raise crude output", 400000, "BARRELS_PER_DAY", 2026)], "answers": []},
    {"id": "p05", "split": "tune", "date": "2026-09-15", "title": "Britain to send troops to Estonia",
     "text": "LONDON, Sept. 15 (Example Wire) -- Britain will send 1,000 more troops to Estonia within six months, "
             "the defence secretary announced on Tuesday.\n\nThe troops will join a NATO battlegroup already based "
             "in the country.\n\nEstonia's prime minister welcomed the decision.",
     "pledges": [P("GBRGOV", "send more troops to Estonia", 1000, "TROOPS", 2027)], "answers": []},
    {"id": "p06", "split": "heldout", "date": "2026-04-21", "title": "Japan aims to cut coal imports",
     "text": "TOKYO, April 21 (Example Wire) -- Japan's government aims to cut coal imports by 30 million tonnes "
             "by 2035, the industry ministry said in a new energy plan.\n\nThe ministry expects private investment "
             "in offshore wind to reach 5 trillion yen as a result.\n\nUtilities said the target was ambitious.",
     "pledges": [P("JPNGOV", "cut coal imports", 3e7, "TONNES", 2035)], "answers": []},
    {"id": "p07", "split": "tune", "date": "2026-10-08", "title": "Kyiv presses Berlin for air defence",
     "text": "KYIV, Oct. 8 (Example Wire) -- Ukraine's president urged Germany to deliver more air defence "
             "systems before winter.\n\nGermany said on Thursday it would provide 500 million euros for air "
             "defence by the end of the year.\n\nThe German defence minister said the first systems would arrive "
             "in November.",
     "pledges": [P("DEUGOV", "provide air defence", 5e8, "EUR", 2026)],
     "answers": [A("UKRGOV", "deliver more air defence systems", "DEUGOV", "accept")]},
    {"id": "p08", "split": "heldout", "date": "2026-02-10", "title": "Seoul offers loans to chipmakers",
     "text": "SEOUL, Feb. 10 (Example Wire) -- South Korea's government pledged to provide 5 trillion won in loans "
             "to chipmakers over the next five years.\n\nKorean companies have a pipeline of $30 billion in "
             "semiconductor projects in the United States, the trade ministry said.\n\nThe finance minister said the "
             "loans would help firms cope with higher tariffs.",
     "pledges": [P("KORGOV", "provide loans to chipmakers", 5e12, "KRW", 2031)], "answers": []},
    {"id": "p09", "split": "tune", "date": "2026-07-03", "title": "Australia pledges Pacific climate money",
     "text": "SUVA, July 3 (Example Wire) -- Australia pledged A$2 billion for a Pacific climate resilience fund by "
             "2028, the foreign minister said at a regional meeting in Fiji.\n\nPacific leaders said they hoped the "
             "money would reach small island states quickly.",
     "pledges": [P("AUSGOV", "fund Pacific climate resilience", 2e9, "AUD", 2028)], "answers": []},
    {"id": "p10", "split": "tune", "date": "2026-11-20", "title": "Australia restates climate pledge",
     "text": "CANBERRA, Nov. 20 (Example Wire) -- Australia's foreign minister reaffirmed on Friday that Canberra "
             "would deliver A$2 billion for the Pacific climate resilience fund by 2028.\n\nShe said the first "
             "A$300 million had already been paid.",
     "pledges": [P("AUSGOV", "fund Pacific climate resilience", 2e9, "AUD", 2028)], "answers": []},
    {"id": "p11", "split": "heldout", "date": "2026-05-27", "title": "France adds to vaccine fund",
     "text": "PARIS, May 27 (Example Wire) -- France pledged 300 million euros to a global vaccine fund on "
             "Wednesday.\n\nParis would raise its contribution to 1 billion euros if other EU members match it, the "
             "foreign ministry said.\n\nThe fund's director thanked France for its support.",
     "pledges": [P("FRAGOV", "contribute to a global vaccine fund", 3e8, "EUR", None)], "answers": []},
    {"id": "p12", "split": "tune", "date": "2026-01-14", "title": "Brazil sets deforestation goal",
     "text": "BRASILIA, Jan. 14 (Example Wire) -- Brazil's government aims to end illegal deforestation in the "
             "Amazon by 2030, the environment minister said on Wednesday.\n\nOfficials hope deforestation will "
             "fall by half next year.\n\nEnvironmental groups welcomed the goal but asked for more enforcement.",
     "pledges": [P("BRAGOV", "end illegal deforestation in the Amazon", None, None, 2030)], "answers": []},
    {"id": "p13", "split": "heldout", "date": "2026-11-03", "title": "China and US strike farm trade deal",
     "text": "KUALA LUMPUR, Nov. 3 (Example Wire) -- China and the United States reached a trade agreement on "
             "Monday.\n\nChina agreed to buy 12 million tonnes of American soybeans by the end of the year, and "
             "Washington agreed to suspend new port fees on Chinese ships for one year.\n\nBoth sides said further "
             "talks would follow in the spring.",
     "pledges": [P("CHNGOV", "buy American soybeans", 1.2e7, "TONNES", 2026),
                 P("USAGOV", "suspend new port fees on Chinese ships", None, None, 2027)], "answers": []},
    {"id": "p14", "split": "tune", "date": "2026-08-25", "title": "Poland to spend record share on defence",
     "text": "WARSAW, Aug. 25 (Example Wire) -- Poland will spend 4.7% of GDP on defence next year, the finance "
             "minister said on Tuesday.\n\nThe minister said the 4.7% of GDP figure in next year's budget was the "
             "highest in NATO.",
     "pledges": [P("POLGOV", "spend on defence", 4.7, "PCT_GDP", 2027)], "answers": []},
    {"id": "p15", "split": "heldout", "date": "2026-06-30", "title": "Norway pledges aid for Sudan",
     "text": "OSLO, June 30 (Example Wire) -- Norway pledged 3 billion Norwegian kroner in humanitarian aid for "
             "Sudan over the next two years, the foreign ministry said.\n\nThe aid will be channelled through UN "
             "agencies.\n\nNorway's foreign minister urged other donors to step up.",
     "pledges": [P("NORGOV", "provide humanitarian aid for Sudan", 3e9, "NOK", 2028)], "answers": []},
    {"id": "p16", "split": "tune", "date": "2026-08-11", "title": "Iraq to pipe crude to Jordan",
     "text": "BAGHDAD, Aug. 11 (Example Wire) -- Iraq agreed to export 100,000 barrels a day of crude oil to "
             "Jordan within six months, the oil ministry said after talks in Amman.\n\nJordan will pay for the oil "
             "at a discount to market prices, officials said.",
     "pledges": [P("IRQGOV", "export crude oil to Jordan", 100000, "BARRELS_PER_DAY", 2027)], "answers": []},
    {"id": "p17", "split": "heldout", "date": "2026-02-25", "title": "EU unveils African infrastructure package",
     "text": "BRUSSELS, Feb. 25 (Example Wire) -- The European Union will mobilise 20 billion euros for African "
             "infrastructure by 2030, the European Commission said on Wednesday.\n\nThe 20 billion euro package, "
             "to be spent by 2030, will go to ports, railways and power lines.\n\nThe EU spent 12 billion euros in "
             "the region between 2021 and 2025, the Commission said.",
     "pledges": [P("EURGOV", "mobilise money for African infrastructure", 2e10, "EUR", 2030)], "answers": []},
    {"id": "p18", "split": "tune", "date": "2026-04-07", "title": "Washington boosts troops in Poland",
     "text": "WARSAW, April 7 (Example Wire) -- Poland asked the United States for a permanent armoured brigade on "
             "its soil.\n\nWashington said on Tuesday it would deploy 2,500 additional troops to Poland by the end "
             "of the year but did not commit to a permanent base.\n\nPoland's defence minister called the decision "
             "a step in the right direction.",
     "pledges": [P("USAGOV", "deploy additional troops to Poland", 2500, "TROOPS", 2026)],
     "answers": [A("POLGOV", "permanent armoured brigade", "USAGOV", "partial")]},
    {"id": "p19", "split": "heldout", "date": "2026-09-09", "title": "Turkey earmarks money for quake zone",
     "text": "ANKARA, Sept. 9 (Example Wire) -- Turkey's government pledged 1.2 trillion lira for reconstruction "
             "in the earthquake zone by the end of 2027.\n\nAnkara expects trade with Russia to reach $100 billion "
             "by 2030, the trade minister said separately.",
     "pledges": [P("TURGOV", "fund reconstruction in the earthquake zone", 1.2e12, "TRY", 2027)], "answers": []},
    {"id": "p20", "split": "heldout", "date": "2026-12-01", "title": "Norway restates Sudan aid",
     "text": "OSLO, Dec. 1 (Example Wire) -- Norway's foreign minister said on Tuesday that Oslo would stick to its "
             "pledge of 3 billion Norwegian kroner in aid for Sudan over the next two years.\n\nThe minister "
             "said the first payments had reached UN agencies in October.",
     "pledges": [P("NORGOV", "provide aid for Sudan", 3e9, "NOK", 2028)], "answers": []},
]

ANSWER_STORIES = [
    {"id": "a01", "split": "tune", "date": "2026-05-06", "title": "Kyiv rebuffs Moscow's talks offer",
     "text": "KYIV, May 6 (Example Wire) -- Russia proposed new peace talks with Ukraine in Istanbul next week.\n\n"
             "Ukraine said on Wednesday it would not join the talks without a ceasefire first.",
     "pledges": [], "answers": [A("RUSGOV", "peace talks in Istanbul", "UKRGOV", "reject")]},
    {"id": "a02", "split": "heldout", "date": "2026-07-22", "title": "Bangkok turns down Chinese mediation",
     "text": "BANGKOK, July 22 (Example Wire) -- China offered to mediate in the border dispute between Thailand "
             "and Cambodia.\n\nThailand turned down the offer on Wednesday, saying the dispute was a bilateral "
             "matter.\n\nCambodia welcomed the Chinese offer of mediation.",
     "pledges": [], "answers": [A("CHNGOV", "mediate in the border dispute", "THAGOV", "reject"),
                                A("CHNGOV", "mediate in the border dispute", "KHMGOV", "accept")]},
    {"id": "a03", "split": "tune", "date": "2026-03-11", "title": "Serbia resists EU sanctions call",
     "text": "BELGRADE, March 11 (Example Wire) -- The European Union demanded that Serbia align with its sanctions "
             "on Russia.\n\nSerbia's president said Belgrade sees no point in imposing sanctions on Russia.",
     "pledges": [], "answers": [A("EURGOV", "align with sanctions on Russia", "SRBGOV", "reject")]},
    {"id": "a04", "split": "heldout", "date": "2026-06-16", "title": "Manila agrees to joint drills with Tokyo",
     "text": "MANILA, June 16 (Example Wire) -- Japan proposed joint naval exercises with the Philippines in the "
             "South China Sea.\n\nThe Philippines agreed on Tuesday to hold the joint naval exercises in "
             "August.",
     "pledges": [], "answers": [A("JPNGOV", "joint naval exercises", "PHLGOV", "accept")]},
    {"id": "a05", "split": "tune", "date": "2026-10-27", "title": "Seoul offers partial deal on troop costs",
     "text": "SEOUL, Oct. 27 (Example Wire) -- The United States asked South Korea to pay $10 billion a year for "
             "the upkeep of American troops.\n\nSeoul agreed to raise its share of the troop costs by 8% but "
             "rejected the $10 billion figure, the foreign ministry said.",
     "pledges": [], "answers": [A("USAGOV", "pay for the upkeep of American troops", "KORGOV", "partial")]},
    {"id": "a06", "split": "heldout", "date": "2026-02-03", "title": "Tehran studies French offer of talks",
     "text": "TEHRAN, Feb. 3 (Example Wire) -- France proposed a new round of nuclear talks with Iran in "
             "Geneva.\n\nIran's foreign ministry said on Tuesday it was studying the proposal for nuclear talks.",
     "pledges": [], "answers": [A("FRAGOV", "new round of nuclear talks", "IRNGOV", "partial")]},
    {"id": "a07", "split": "tune", "date": "2026-05-19", "title": "New Delhi rejects Pakistani demand",
     "text": "NEW DELHI, May 19 (Example Wire) -- India rejected Pakistan's demand for a neutral inquiry into the "
             "border clash on Tuesday.\n\nThe foreign ministry said the clash was an internal security matter.",
     "pledges": [], "answers": [A("PAKGOV", "neutral inquiry into the border clash", "INDGOV", "reject")]},
    {"id": "a08", "split": "heldout", "date": "2026-09-29", "title": "Norway accepts German gas proposal",
     "text": "OSLO, Sept. 29 (Example Wire) -- Norway accepted Germany's proposal for a ten-year gas supply "
             "contract on Tuesday, the energy ministry said.\n\nThe first deliveries under the contract will start "
             "next year.",
     "pledges": [], "answers": [A("DEUGOV", "ten-year gas supply contract", "NORGOV", "accept")]},
    {"id": "a09", "split": "tune", "date": "2026-02-17", "title": "Mexico agrees to send troops to border",
     "text": "MEXICO CITY, Feb. 17 (Example Wire) -- The United States demanded that Mexico deploy troops to the "
             "northern border to stop drug trafficking.\n\nMexico agreed on Monday to send 10,000 troops to the "
             "border within a month.",
     "pledges": [P("MEXGOV", "send troops to the border", 10000, "TROOPS", 2026)],
     "answers": [A("USAGOV", "deploy troops to the northern border", "MEXGOV", "accept")]},
    {"id": "a10", "split": "heldout", "date": "2026-08-04", "title": "Beijing snubs Hanoi's code of conduct push",
     "text": "HANOI, Aug. 4 (Example Wire) -- Vietnam proposed talks with China on a code of conduct for the South "
             "China Sea.\n\nChina said it would not join talks on a code of conduct outside the regional "
             "framework.",
     "pledges": [], "answers": [A("VNMGOV", "talks on a code of conduct", "CHNGOV", "reject")]},
    {"id": "a11", "split": "tune", "date": "2026-04-28", "title": "Kyiv accepts parts of US plan",
     "text": "KYIV, April 28 (Example Wire) -- The United States proposed a plan for a prisoner exchange, peace "
             "talks and a ceasefire in Ukraine.\n\nUkraine accepted the prisoner exchange and the peace talks but "
             "said the ceasefire terms in the plan were unacceptable.",
     "pledges": [], "answers": [A("USAGOV", "prisoner exchange, peace talks and a ceasefire", "UKRGOV", "partial")]},
    {"id": "a12", "split": "heldout", "date": "2026-10-13", "title": "Ankara refuses to recall survey ship",
     "text": "ATHENS, Oct. 13 (Example Wire) -- Greece asked Turkey to withdraw a survey ship from disputed "
             "waters in the Aegean.\n\nTurkey refused to withdraw the survey ship on Tuesday, its foreign ministry "
             "said.",
     "pledges": [], "answers": [A("GRCGOV", "withdraw a survey ship", "TURGOV", "reject")]},
]
