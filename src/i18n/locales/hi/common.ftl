### गिनती, सापेक्ष समय, चार्ट और समय क्षेत्र।
### हिंदी के बहुवचन नियम: one = 0 और 1, other = बाकी सब।

events-count =
    { $count ->
        [one] { $count } घटना
       *[other] { $count } घटनाएँ
    }
meters-count = { $count } मीटर
customers-count = { $count } ग्राहक

## सापेक्ष समय।

time-just-now = अभी-अभी
time-in-moments = कुछ सेकंड में
time-minutes-ago = { $count } मिनट पहले
time-hours-ago =
    { $count ->
        [one] { $count } घंटा पहले
       *[other] { $count } घंटे पहले
    }
time-days-ago = { $count } दिन पहले
time-months-ago =
    { $count ->
        [one] { $count } महीना पहले
       *[other] { $count } महीने पहले
    }
time-years-ago = { $count } वर्ष पहले
time-in-minutes = { $count } मिनट में
time-in-hours = { $count } घंटे में
time-in-days = { $count } दिन में
time-in-months = { $count } महीने में
time-in-years = { $count } वर्ष में

## चार्ट।

chart-week-of = { $date } से शुरू सप्ताह

## समय क्षेत्र।

timezone-label = समय क्षेत्र
timezone-required = समय क्षेत्र आवश्यक है; उदाहरण के लिए Europe/Paris या Asia/Kolkata चुनें।
timezone-unknown = “{ $given }” समय क्षेत्र का नाम नहीं है; उदाहरण के लिए Europe/Paris, America/New_York या Asia/Kolkata चुनें।
timezone-did-you-mean = “{ $given }” समय क्षेत्र का नाम नहीं है; क्या आपका मतलब { $suggestion } था?
