### विश्लेषण: अवलोकन और उसका चार्ट, घटनाओं की तालिका, एक घटना (उसका स्रोत, कौन-से मीटर उसे गिनते हैं, रद्द करने का फ़ॉर्म), वे घटनाएँ जिन्हें कोई मीटर नहीं गिनता, ग्राहक तालिका और उसका CSV निर्यात, और समाधान।
### घटना नाम, आईडी, मेटाडेटा कुंजियाँ और CSV हेडर जैसे हैं वैसे ही रहते हैं।

## templates/analytics/nav.html

analytics-nav-label = विश्लेषण
analytics-nav-overview = अवलोकन
analytics-nav-events = घटनाएँ
analytics-nav-customers = ग्राहक
analytics-nav-unmatched = बेमेल घटनाएँ
analytics-nav-reconciliation = समाधान

## templates/analytics/overview.html

analytics-overview-title = विश्लेषण
analytics-overview-activity = गतिविधि
analytics-overview-events-month = इस महीने की घटनाएँ
analytics-overview-events-all = अब तक कुल { $count }
analytics-overview-active-month = इस महीने के सक्रिय ग्राहक
analytics-overview-active-all = { $count } ने कभी उपयोग डेटा भेजा
analytics-overview-charges = उपयोग चार्ज, मौजूदा चक्र
analytics-overview-charges-sub = { $count } सदस्यता, { $time } तक
analytics-overview-month-note = इस महीने: { $time } से। हर ग्राहक का बिल उसके अपने चक्र के अनुसार बनता है — <a href="/analytics/customers">ग्राहक</a> देखें।
analytics-overview-usage-title = प्रति मीटर उपयोग
analytics-overview-no-meters = अभी कोई सक्रिय मीटर नहीं है — <a href="/meters/new">एक बनाएं</a>।
analytics-overview-col-meter = मीटर
analytics-overview-col-aggregation = संचयन
analytics-overview-col-month = इस महीने
analytics-overview-col-all-time = अब तक
analytics-overview-chart-title = मीटर मात्रा
analytics-overview-range = अवधि
analytics-overview-range-7d = 7 दिन
analytics-overview-range-30d = 30 दिन
analytics-overview-range-90d = 90 दिन
analytics-overview-range-12m = 12 महीने
analytics-overview-range-custom = कस्टम
analytics-overview-custom-from = कस्टम अवधि की शुरुआत
analytics-overview-custom-to = कस्टम अवधि का अंत
analytics-overview-from = से
analytics-overview-to-exclusive = तक (शामिल नहीं)
analytics-overview-granularity = विवरण स्तर
analytics-overview-granularity-day = दिन
analytics-overview-granularity-week = सप्ताह
analytics-overview-granularity-month = महीना
analytics-overview-meters = मीटर
analytics-overview-update = चार्ट अपडेट करें
analytics-overview-chart-empty = अभी चार्ट में दिखाने को कुछ नहीं है: मीटर घटनाएँ गिनना शुरू करते ही यहाँ दिखते हैं।
analytics-overview-chart-refused = इस अवधि का चार्ट नहीं बन सकता: ऊपर सुधारें, फिर चार्ट अपडेट करें।
analytics-overview-show-data = डेटा दिखाएँ

## src/portal/analytics/overview.rs, src/analytics/chart/mod.rs, src/analytics/chart/time.rs

analytics-overview-error-custom-range = कस्टम अवधि की दोनों तारीखें दें।
analytics-error-end-before-start = अंत शुरुआत के बाद होना चाहिए।
analytics-overview-error-too-many-bars = यह { $max } से अधिक बार हैं: कोई बड़ा विवरण स्तर या छोटी अवधि चुनें।
analytics-chart-summary = { $title }; { $facts }
analytics-chart-names-and = { $rest } और { $last }
analytics-chart-series-unit = { $name } ({ $unit })
analytics-chart-no-periods = अवधि में कोई खंड नहीं
analytics-chart-zero-every-day = हर दिन { $quantity }
analytics-chart-zero-every-week = हर सप्ताह { $quantity }
analytics-chart-zero-every-month = हर महीने { $quantity }
analytics-chart-max = अधिकतम { $quantity } { $when }
analytics-chart-max-min = अधिकतम { $quantity } { $when }, न्यूनतम { $min } { $min-when }
analytics-chart-on-day = { $period } को
analytics-chart-in-period = { $period } में
analytics-chart-series-facts = { $name }: { $facts }
analytics-chart-bar = { $name } · { $period } · { $value }
analytics-chart-bar-unit = { $name } · { $period } · { $value } { $unit }
analytics-chart-week-of = { $date } से शुरू सप्ताह
analytics-chart-bar-period = { $period }, { $start } से { $end } तक
analytics-chart-title-day = { $names } प्रति दिन, { $from } से { $to } तक
analytics-chart-title-week = { $names } प्रति सप्ताह, { $from } से { $to } तक
analytics-chart-title-month = { $names } प्रति महीना, { $from } से { $to } तक
analytics-chart-sentence = { $facts }।
analytics-chart-tick-thousand = { $n } हज़ार
analytics-chart-tick-million = { $n } मिलियन
analytics-chart-tick-billion = { $n } बिलियन
analytics-chart-tick-trillion = { $n } ट्रिलियन

## templates/analytics/events.html

analytics-events-title = घटनाएँ
analytics-events-unmatched-link = वे घटनाएँ जिन्हें कोई मीटर नहीं गिनता
analytics-events-lead = हर संग्रहीत उपयोग घटना, सबसे नई पहले। किसी घटना को खोलकर उसका मेटाडेटा, वह कहाँ से आई और कौन-से मीटर उसे गिनते हैं, देखें।
analytics-events-filter-label = घटनाएँ फ़िल्टर करें
analytics-events-meter-label = मीटर
analytics-events-any-event = कोई भी घटना
analytics-events-meter-option = { $name } ({ $event })
analytics-events-meter-option-archived = { $name } ({ $event }) — संग्रहीत
analytics-events-meter-help = केवल वे घटनाएँ जिन्हें मीटर गिनता है: उसका घटना नाम और फ़िल्टर।
analytics-events-event-name-label = घटना नाम
analytics-events-event-name-help = हूबहू और केस-संवेदी, जैसे api.call।
analytics-events-customer-label = ग्राहक आईडी
analytics-events-customer-help = हूबहू, जैसे cus_QMJJtcu70R1x46।
analytics-events-from-label = से (घटना का समय)
analytics-events-from-help = शामिल।
analytics-events-to-label = तक
analytics-events-to-help = शामिल नहीं; केवल तारीख देने पर वह दिन शामिल होता है।
analytics-events-source-label = स्रोत
analytics-events-any-source = कोई भी स्रोत
analytics-source-api = API
analytics-source-manual = मैन्युअल प्रविष्टि
analytics-source-upload = CSV अपलोड
analytics-source-stripe = Stripe मीटर घटनाएँ
analytics-source-cloudevents = CloudEvents
analytics-events-apply = फ़िल्टर लागू करें
analytics-events-clear = साफ़ करें
analytics-events-times-help = समय: 2024-09-23, 2024-09-23 16:22 या 2024-09-23 16:22:25, 2024-09-23T16:22:25Z, 2024-09-23T16:22:25+05:30, या यूनिक्स सेकंड, जैसे 1727108545। बिना समय क्षेत्र वाले समय आपके समय क्षेत्र ({ $zone }) में माने जाते हैं।
analytics-events-meter-scope = { $meter } जिन घटनाओं को गिनता है: { $event } घटनाएँ।
analytics-events-meter-scope-filtered = { $meter } जिन घटनाओं को गिनता है: { $event } घटनाएँ जहाँ { $filter }।
analytics-events-meter-scope-archived = { $meter } जिन घटनाओं को गिनता है: { $event } घटनाएँ, जो { $time } को इसके संग्रहीत होने से पहले प्राप्त हुईं।
analytics-events-meter-scope-filtered-archived = { $meter } जिन घटनाओं को गिनता है: { $event } घटनाएँ जहाँ { $filter }, जो { $time } को इसके संग्रहीत होने से पहले प्राप्त हुईं।
analytics-events-no-more = और घटनाएँ नहीं हैं। <a href="{ $url }">सबसे नई पर वापस जाएँ</a>।
analytics-events-empty = अभी कोई घटना नहीं है — इन्हें API कुंजी के साथ <code>POST /api/v1/events/ingest</code> पर भेजें, या किसी <a href="/meters">मीटर के पृष्ठ</a> पर उपयोग जोड़ें (मैन्युअल प्रविष्टि या CSV अपलोड)।
analytics-events-no-match = इन फ़िल्टरों से कोई घटना मेल नहीं खाती।
analytics-events-name-conflict = मीटर { $listens } को सुनता है, पर घटना नाम फ़िल्टर { $asked } माँगता है: इनमें से एक को साफ़ करें।
analytics-events-unknown-customer = आईडी { $id } वाला कोई ग्राहक नहीं है — ग्राहक आईडी हूबहू और केस-संवेदी होती हैं। <a href="{ $url }">ग्राहक खोजें</a>।
analytics-events-no-match-help = घटना नामों और ग्राहक आईडी का मिलान हूबहू होता है। समय सीमा बढ़ाकर देखें, या <a href="/analytics/unmatched">वे घटनाएँ जिन्हें कोई मीटर नहीं गिनता</a> देखें।
analytics-events-table-label = घटनाएँ
analytics-events-col-event-name = घटना नाम
analytics-events-col-event-id = घटना आईडी
analytics-events-col-customer = ग्राहक
analytics-events-col-timestamp = टाइमस्टैम्प
analytics-events-col-source = स्रोत
analytics-events-only-named = केवल { $name } नाम की घटनाएँ
analytics-events-only-customer = केवल इस ग्राहक की घटनाएँ
analytics-events-source-stripe = Stripe
analytics-events-source-upload = अपलोड
analytics-events-source-upload-number = अपलोड #{ $id }
analytics-events-source-upload-row = अपलोड #{ $id }, पंक्ति { $row }
analytics-events-pager-label = पृष्ठ
analytics-events-newest = सबसे नई
analytics-events-next = अगला पृष्ठ

## src/analytics/events/query.rs, service.rs

analytics-events-time-forms-below = नीचे दिए गए रूपों में से कोई एक इस्तेमाल करें
analytics-events-error-range = अवधि का अंत उसकी शुरुआत के बाद होना चाहिए।
analytics-events-error-source = API, मैन्युअल प्रविष्टि, अपलोड, Stripe या CloudEvents में से चुनें।
analytics-events-error-no-meter = आईडी { $id } वाला कोई मीटर नहीं है; सूची में से एक चुनें।

## templates/analytics/event.html

analytics-event-title = घटना { $id }
analytics-event-heading = घटना
analytics-event-voided-badge = रद्द
analytics-event-customer-events = इस ग्राहक की घटनाएँ
analytics-event-voided-with-reason = <strong>{ $time } को रद्द की गई</strong>, कारण: <q>{ $reason }</q>। यह घटना अब किसी भी मीटर में नहीं गिनी जाती। इसकी आईडी अब भी ली हुई है: वही घटना फिर भेजी गई तो वह डुप्लिकेट होगी। इसे रिकॉर्ड के लिए यहाँ रखा गया है।
analytics-event-voided-by-rollback = <strong>{ $time } को रद्द की गई</strong>: { $upload } रोलबैक किया गया, इसलिए यह घटना अब किसी भी मीटर में नहीं गिनी जाती और इसकी आईडी फिर से भेजी जा सकती है। इसे रिकॉर्ड के लिए यहाँ रखा गया है।
analytics-event-its-upload = इसका अपलोड
analytics-event-upload-link = अपलोड #{ $id }
analytics-event-fields-label = घटना के फ़ील्ड
analytics-event-prop-id = घटना आईडी
analytics-event-prop-name = घटना नाम
analytics-event-matched-exactly = (हूबहू मिलान, केस-संवेदी)
analytics-event-prop-customer = ग्राहक
analytics-event-no-customer = (यह ग्राहक अब मौजूद नहीं है)
analytics-event-prop-timestamp = टाइमस्टैम्प
analytics-event-prop-received = प्राप्त हुई
analytics-event-receipt-order = (प्राप्ति क्रम #{ $seq })
analytics-event-prop-source = स्रोत

## templates/analytics/event.html, स्रोत

analytics-lineage-api-key = API कुंजी «{ $key }» (#{ $id }) से भेजी गई
analytics-lineage-api-key-deleted = API कुंजी #{ $id } से भेजी गई (तब से हटाई जा चुकी है)
analytics-lineage-api = API से भेजी गई
analytics-lineage-revoked = निरस्त
analytics-lineage-manual = { $email } ने मीटर पृष्ठ पर दर्ज की
analytics-lineage-manual-gone = ऑपरेटर #{ $id } (अब मौजूद नहीं) ने मीटर पृष्ठ पर दर्ज की
analytics-lineage-manual-unknown = मीटर पृष्ठ पर हाथ से दर्ज की गई
analytics-lineage-upload-row = { $upload } की पंक्ति { $row }
analytics-lineage-upload-some-row = { $upload } की एक पंक्ति
analytics-lineage-upload = अपलोड #{ $id } ({ $file }), { $time } को अपलोड किया गया
analytics-lineage-upload-by = अपलोड #{ $id } ({ $file }), { $time } को { $email } द्वारा अपलोड किया गया
analytics-lineage-upload-with-key = अपलोड #{ $id } ({ $file }), { $time } को API कुंजी «{ $key }» (#{ $key-id }) से अपलोड किया गया
analytics-lineage-upload-rolled-back = — { $time } को रोलबैक किया गया
analytics-lineage-upload-gone = अपलोड #{ $id }
analytics-lineage-an-upload = किसी अपलोड
analytics-lineage-stripe = Stripe मीटर घटना के रूप में भेजी गई (<code>/stripe</code> के ज़रिए)
analytics-lineage-cloudevent = CloudEvent के रूप में भेजी गई (<code>POST /api/v1/events</code> पर)
analytics-lineage-with-key = API कुंजी «{ $key }» (#{ $id }) से
analytics-lineage-with-key-deleted = API कुंजी #{ $id } से (तब से हटाई जा चुकी है)

## templates/analytics/event.html, मेटाडेटा और मीटर

analytics-event-metadata-title = मेटाडेटा
analytics-event-metadata-empty = कोई मेटाडेटा नहीं: घटना में केवल उसका नाम, ग्राहक और समय है। फ़िल्टर वाले या <code>count</code> के अलावा किसी संचयन वाले मीटरों को संपत्तियाँ चाहिए।
analytics-event-metadata-label = मेटाडेटा
analytics-event-col-key = कुंजी
analytics-event-col-value = मूल्य
analytics-event-col-type = प्रकार
analytics-event-reads-as-number = (संख्या के रूप में पढ़ा जाता है)
analytics-value-type-string = स्ट्रिंग
analytics-value-type-number = संख्या
analytics-value-type-boolean = बूलियन
analytics-value-type-null = null
analytics-value-type-list = सूची
analytics-value-type-object = ऑब्जेक्ट
analytics-event-meters-title = कौन-से मीटर इसे गिनते हैं
analytics-event-voided-counts-none = कोई नहीं: रद्द की गई घटनाएँ किसी भी मीटर में नहीं गिनी जातीं।
analytics-event-no-meter = कोई भी मीटर { $name } को नहीं सुनता, इसलिए यह घटना अभी कहीं नहीं गिनी जाती। इसे रखा गया है: इस नाम के लिए बाद में बनाया गया मीटर इसे भी गिनेगा।
analytics-event-did-you-mean = <strong>क्या आपका मतलब «{ $suggestion }» था?</strong> एक मीटर { $link } को सुनता है; घटना नामों का मिलान हूबहू होता है, इसलिए अक्षरों का केस और विराम चिह्न एक जैसे होने चाहिए।
analytics-event-create-meter = { $name } के लिए <a href="/meters/new">एक मीटर बनाएं</a>।
analytics-event-counted-by-none = <strong>कोई भी मीटर इस घटना को नहीं गिनता।</strong> कारण नीचे, हर मीटर के लिए अलग-अलग दिए गए हैं।
analytics-event-counted-by = इन मीटरों ने गिनी: { $meters }।
analytics-event-all-archived = इस नाम के सभी मीटर संग्रहीत हैं।
analytics-event-badge-active = सक्रिय
analytics-event-badge-archived = संग्रहीत
analytics-event-badge-counted = गिनी गई
analytics-event-badge-not-counted = नहीं गिनी गई
analytics-event-definition = { $event } घटनाओं में { $aggregation }, { $unit } में।
analytics-event-definition-filtered = उन { $event } घटनाओं में { $aggregation } जहाँ { $filter }, { $unit } में।
analytics-event-archived-before = { $time } को संग्रहीत किया गया, यह घटना प्राप्त होने से पहले: संग्रहीत मीटर नई घटनाएँ नहीं लेता।
analytics-event-archived-after = { $time } को संग्रहीत किया गया; यह उससे पहले प्राप्त घटनाओं को गिनता रहता है, इस घटना को भी।
analytics-event-filter-passes = फ़िल्टर: घटना इसे पार करती है।
analytics-event-filter-excludes = फ़िल्टर: <strong>फ़िल्टर इस घटना को बाहर रखता है।</strong>
analytics-event-filter-table-label = { $name } का फ़िल्टर, एक-एक शर्त
analytics-event-col-condition = शर्त
analytics-event-col-result = परिणाम
analytics-event-col-why = क्यों
analytics-event-holds = पूरी होती है
analytics-event-fails = पूरी नहीं होती
analytics-event-value-error = { $aggregation } इस घटना से नहीं पढ़ा जा सकता: <strong>{ $error }</strong>।
analytics-event-adds = { $value } { $unit } जोड़ती है।
analytics-event-would-add = { $value } { $unit } जोड़ेगी।
analytics-event-counts-one = 1 घटना के रूप में गिनी जाती है।
analytics-event-would-count-one = 1 घटना के रूप में गिनी जाएगी।

## templates/analytics/event.html, src/ingest/void/mod.rs

analytics-void-title = यह घटना रद्द करें
analytics-void-help = रद्द की गई घटना हर मीटर में, तुरंत और हर रिपोर्ट में गिनी जाना बंद हो जाती है। इसे आपके कारण के साथ रिकॉर्ड के लिए रखा जाता है, और इसकी आईडी ली हुई रहती है: वही घटना फिर भेजी गई तो वह डुप्लिकेट होगी। किसी विवरण में पहले से बंद हो चुका चक्र नहीं बदलता; सुधार अगले विवरण में दिखता है।
analytics-void-reason-label = कारण
analytics-void-reason-help = उदाहरण के लिए “रीट्राई से दो बार भेजी गई” या “परीक्षण ट्रैफ़िक”। घटना के साथ और ऑडिट लॉग में रखा जाता है।
analytics-void-submit = यह घटना रद्द करें
analytics-void-error-reason-required = बताएँ कि घटना क्यों रद्द की जा रही है (उदाहरण के लिए “रीट्राई से दो बार भेजी गई”): कारण घटना के साथ और ऑडिट लॉग में रखा जाता है।
analytics-void-error-reason-too-long = कारण में { $chars } अक्षर हैं; अधिकतम { $max }।
analytics-void-error-not-found = आईडी “{ $id }” वाली कोई घटना संग्रहीत नहीं है। आईडी का मिलान हूबहू होता है।
analytics-void-error-already = घटना “{ $id }” पहले ही { $time } को रद्द की जा चुकी है; यह अब नहीं गिनी जाती।
analytics-void-error-wrong-name = घटना “{ $id }” का घटना नाम “{ $actual }” है, “{ $expected }” नहीं; कुछ भी रद्द नहीं किया गया।
analytics-event-voided-copies-other = इस आईडी की अन्य रद्द प्रतियाँ
analytics-event-voided-copies-earlier = इस आईडी की पहले रद्द की गई प्रतियाँ
analytics-event-voided-copies-label = रद्द प्रतियाँ
analytics-event-copies-col-why = क्यों
analytics-event-copies-col-voided = रद्द की गई
analytics-event-copies-col-name = घटना नाम
analytics-event-copies-col-customer = ग्राहक
analytics-event-copies-col-timestamp = टाइमस्टैम्प
analytics-event-voided-own = अलग से रद्द की गई: { $reason }
analytics-event-voided-rollback = { $upload } रोलबैक किया गया
analytics-event-voided-rollback-row = { $upload }, पंक्ति { $row } रोलबैक की गई
analytics-event-not-found-title = घटना नहीं मिली
analytics-event-not-found = आईडी { $id } वाली कोई घटना संग्रहीत नहीं है, और न ही कोई रद्द की गई।
analytics-event-not-found-help = आईडी का मिलान हूबहू होता है। जिस घटना को इनजेस्ट API ने अस्वीकार किया, वह संग्रहीत नहीं होती: उसका कारण API के जवाब में है (या, CSV अपलोड के लिए, अपलोड की त्रुटि फ़ाइल में)। <a href="/analytics/events">घटना तालिका</a> में ग्राहक, नाम या समय से घटनाएँ खोजें।

## templates/analytics/unmatched.html

analytics-unmatched-title = वे घटनाएँ जिन्हें कोई मीटर नहीं गिनता
analytics-unmatched-all-events = सभी घटनाएँ
analytics-unmatched-lead = जो उपयोग आता है पर कुछ बिल नहीं करता, उसका घटना नाम अक्सर मीटर के नाम से अलग होता है (अक्षरों का केस, <code>.</code> बनाम <code>-</code> या <code>_</code>), या कोई मीटर फ़िल्टर उसे बाहर रखता है। ये घटनाएँ संग्रहीत हैं: भेजने वाले को ठीक करें, या कोई मीटर बनाएं या संपादित करें, और ये गिनी जाएँगी।
analytics-unmatched-window-label = समय सीमा
analytics-unmatched-last-days = पिछले { $days } दिन
analytics-unmatched-names-title = वे घटना नाम जिन्हें कोई सक्रिय मीटर नहीं सुनता
analytics-unmatched-names-scope = { $time } से (पिछले { $days } दिन) टाइमस्टैम्प वाली घटनाएँ, घटना नाम के अनुसार समूहित; नामों की तुलना { $meters } सक्रिय मीटरों के नामों से हूबहू की जाती है। लाखों घटनाओं पर भी यह पृष्ठ तेज़ रहे, इसलिए पुरानी घटनाएँ नहीं देखी जातीं।
analytics-unmatched-names-empty = पिछले { $days } दिनों की हर घटना का नाम कोई न कोई सक्रिय मीटर सुनता है।
analytics-unmatched-names-label = वे घटना नाम जिन्हें कोई सक्रिय मीटर नहीं सुनता
analytics-unmatched-col-event-name = घटना नाम
analytics-unmatched-col-events = घटनाएँ
analytics-unmatched-col-first = पहली घटना
analytics-unmatched-col-last = अंतिम घटना
analytics-unmatched-col-customers = ग्राहक
analytics-unmatched-col-example = उदाहरण
analytics-unmatched-col-fix = संभावित सुधार
analytics-unmatched-did-you-mean = क्या आपका मतलब «{ $suggestion }» था? एक सक्रिय मीटर यह नाम सुनता है।
analytics-unmatched-only-archived = इसे केवल संग्रहीत मीटर सुनते हैं: { $meters }।
analytics-unmatched-no-meter = अभी कोई मीटर नहीं।
analytics-unmatched-no-meter-create = अभी कोई मीटर नहीं — <a href="/meters/new">एक बनाएं</a>।
analytics-unmatched-groups-capped = केवल सबसे अधिक घटनाओं वाले 200 नाम सूचीबद्ध हैं।
analytics-unmatched-names-capped = 1,000 से अधिक अलग-अलग घटना नाम हैं; वर्णक्रम में केवल पहले 1,000 जाँचे गए।
analytics-unmatched-excluded-title = वे घटनाएँ जिन्हें किसी मीटर का फ़िल्टर बाहर रखता है
analytics-unmatched-excluded-scope = फ़िल्टर वाले हर सक्रिय मीटर के लिए: { $time } से (पिछले { $days } दिन) उसके नाम की वे घटनाएँ जिन्हें उसका फ़िल्टर बाहर रखता है। उसी नाम का कोई अन्य मीटर अब भी उन्हें गिन सकता है; क्यों, यह एक-एक शर्त देखने के लिए कोई उदाहरण खोलें।
analytics-unmatched-excluded-scope-capped = फ़िल्टर वाले हर सक्रिय मीटर के लिए: { $time } से (पिछले { $days } दिन: फ़िल्टर हर घटना पर जाँचे जाते हैं, इसलिए यह भाग अधिकतम 30 दिन देखता है) उसके नाम की वे घटनाएँ जिन्हें उसका फ़िल्टर बाहर रखता है। उसी नाम का कोई अन्य मीटर अब भी उन्हें गिन सकता है; क्यों, यह एक-एक शर्त देखने के लिए कोई उदाहरण खोलें।
analytics-unmatched-no-filters = किसी भी सक्रिय मीटर में फ़िल्टर नहीं है।
analytics-unmatched-excluded-empty = फ़िल्टर वाले { $meters } सक्रिय मीटरों के फ़िल्टर पिछले { $days } दिनों की किसी भी घटना को बाहर नहीं रखते।
analytics-unmatched-excluded-heading = { $event } नाम की वे घटनाएँ जिन्हें { $meter } का फ़िल्टर बाहर रखता है
analytics-unmatched-filter = फ़िल्टर: { $filter }
analytics-unmatched-excluded-count =
    { $customers ->
        [one] { $total } में से { $excluded } घटनाएँ, { $customers } ग्राहक से
       *[other] { $total } में से { $excluded } घटनाएँ, { $customers } ग्राहकों से
    }
analytics-unmatched-excluded-span = { $first } से { $last } तक
analytics-unmatched-latest = सबसे नई: { $link } — क्यों, देखें।
analytics-unmatched-counted-by = { $meters } (बिना फ़िल्टर) इस नाम की हर घटना गिनते हैं, इनके साथ।
analytics-unmatched-meters-capped = फ़िल्टर वाले केवल पहले 50 सक्रिय मीटर जाँचे गए।

## templates/analytics/customers.html, src/analytics/customers/columns.rs

analytics-customers-title = ग्राहकों का उपयोग
analytics-customers-crumb = ग्राहक
analytics-customers-heading = ग्राहक
analytics-export-csv = CSV निर्यात करें
analytics-customers-period-label = बिलिंग अवधि
analytics-customers-at-label = इस समय वाला बिलिंग चक्र
analytics-customers-at-help = हर सदस्यता का अपना चक्र। समय आपके समय क्षेत्र ({ $zone }) में हैं। अवधि खाली छोड़ें।
analytics-customers-from-label = या से
analytics-customers-to-label = तक (शामिल नहीं)
analytics-show = दिखाएँ
analytics-customers-edit-columns = कॉलम संपादित करें
analytics-customers-columns-legend = ये कॉलम दिखाएँ (ग्राहक और मीटर हमेशा दिखते हैं)
analytics-customers-save-columns = कॉलम सहेजें
analytics-customers-empty = इस अवधि में कोई सदस्यता सक्रिय नहीं है। ग्राहकों के पृष्ठ पर उन्हें उपयोग-आधारित उत्पाद की सदस्यता दें।
analytics-customers-correct-period = ऊपर दी गई अवधि ठीक करें।
analytics-customers-table-label = प्रति ग्राहक और मीटर उपयोग
analytics-customers-charge-help = चार्ज = max(0, उपयोग − मुफ्त सीमा) × प्रति इकाई मूल्य, मुद्रा की सबसे छोटी इकाई तक एक बार पूर्णांकित (आधा ऊपर)। इस पृष्ठ को क्रमबद्ध करने के लिए किसी कॉलम शीर्षक पर क्लिक करें।
analytics-customers-table-scrolls = ग्राहक और मीटर के अनुसार उपयोग (स्क्रॉल करें)
analytics-customers-export-help = यहाँ चाहे जो कॉलम दिखें, निर्यात में हमेशा ग्राहक का ईमेल, सदस्यता और बिलिंग अवधि रहती है।
analytics-customers-pager-label = पृष्ठ
analytics-customers-first-page = पहला पृष्ठ
analytics-customers-next-page = अगला पृष्ठ
analytics-column-customer = ग्राहक
analytics-column-email = ग्राहक ईमेल
analytics-column-subscription = सदस्यता
analytics-column-product = उत्पाद
analytics-column-period = बिलिंग अवधि
analytics-column-meter = मीटर
analytics-column-free-threshold = मुफ्त सीमा
analytics-column-price = मूल्य
analytics-column-last-event = अंतिम घटना
analytics-column-consumed = उपयोग की गई इकाइयाँ
analytics-column-chargeable = चार्ज योग्य इकाइयाँ
analytics-column-charge = उपयोग चार्ज
analytics-column-total = कुल राशि

## src/analytics/customers/columns.rs display, price_words

analytics-cell-period-title = { $start } से { $end } तक (अंत शामिल नहीं)
analytics-cell-no-event = इस अवधि में कोई घटना नहीं
analytics-cell-last-event-title = { $time }, { $ago }
analytics-price-per-unit = { $price } प्रति { $unit }
analytics-price-per-package = { $size } { $unit } के प्रति पैकेज { $price }
analytics-price-package-up = हर शुरू हुआ पैकेज
analytics-price-package-down = केवल पूरे पैकेज
analytics-price-tier-up-to = { $quantity } तक: { $price } प्रति { $unit }
analytics-price-tier-above = { $quantity } से ऊपर: { $price } प्रति { $unit }
analytics-price-tier-fee = { $tier } + { $fee }
analytics-price-tiers = { $model }, { $count } स्तर
analytics-price-model-graduated = क्रमिक स्तर
analytics-price-model-volume = मात्रा स्तर

## src/analytics/customers/period.rs

analytics-customers-error-end = अंत शुरुआत के बाद होना चाहिए।
analytics-customers-error-range-too-long = एक अवधि अधिकतम { $max } दिनों की हो सकती है।
analytics-customers-error-end-missing = अवधि का अंत भी दें, या दोनों खाली छोड़ें।
analytics-customers-error-start-missing = अवधि की शुरुआत भी दें, या दोनों खाली छोड़ें।

## ग्राहक CSV निर्यात का हेडर (लोग पढ़ते हैं): ऑपरेटर की भाषा में; एपीआई का निर्यात मशीन नाम रखता है।

analytics-customers-csv-customer-id = ग्राहक आईडी
analytics-customers-csv-customer-name = ग्राहक का नाम
analytics-customers-csv-customer-email = ग्राहक का ईमेल
analytics-customers-csv-subscription-id = सदस्यता आईडी
analytics-customers-csv-product = उत्पाद
analytics-customers-csv-period-start = अवधि की शुरुआत
analytics-customers-csv-period-end = अवधि का अंत
analytics-customers-csv-meter-id = मीटर आईडी
analytics-customers-csv-meter = मीटर
analytics-customers-csv-unit = इकाई
analytics-customers-csv-free-threshold = मुफ्त सीमा
analytics-customers-csv-price-per-unit = प्रति इकाई मूल्य
analytics-customers-csv-price = मूल्य
analytics-customers-csv-currency = मुद्रा
analytics-customers-csv-last-event-at = अंतिम घटना
analytics-customers-csv-consumed = उपयोग
analytics-customers-csv-chargeable = चार्ज योग्य
analytics-customers-csv-charge = शुल्क
analytics-customers-csv-total = कुल

## templates/analytics/reconciliation.html

analytics-reconciliation-title = समाधान
analytics-reconciliation-from = से
analytics-reconciliation-to = तक (शामिल नहीं)
analytics-reconciliation-to-help = डिफ़ॉल्ट: आपके समय क्षेत्र ({ $zone }) में यह महीना।
analytics-reconciliation-uploads = अपलोड
analytics-reconciliation-no-uploads = इस अवधि में कोई अपलोड नहीं।
analytics-reconciliation-col-upload = अपलोड
analytics-reconciliation-col-meter = मीटर
analytics-reconciliation-col-status = स्थिति
analytics-reconciliation-col-rows = पंक्तियाँ
analytics-reconciliation-col-accepted = स्वीकृत
analytics-reconciliation-col-duplicates = डुप्लिकेट
analytics-reconciliation-col-rejected = अस्वीकृत
analytics-reconciliation-col-reasons = कारण के अनुसार
analytics-reconciliation-col-in-file = फ़ाइल में
analytics-reconciliation-col-aggregated = अभी संचित
analytics-reconciliation-col-difference = अंतर
analytics-reconciliation-help = “फ़ाइल में” हर पंक्ति में मीटर की संपत्ति का योग है (गिनती वाले मीटर के लिए पंक्तियों की संख्या); “अभी संचित” वह है जो मीटर आज अपलोड की संग्रहीत घटनाओं से गिनता है — अस्वीकृत पंक्तियाँ, डुप्लिकेट, फ़िल्टर से बाहर रखी गई पंक्तियाँ और रोलबैक अंतर पैदा करते हैं।
analytics-reconciliation-meters = मीटर, { $from } → { $to }
analytics-reconciliation-col-events = गिनी गई घटनाएँ
analytics-reconciliation-col-quantity = मात्रा
analytics-reconciliation-col-from-uploads = इस अवधि के अपलोड से
analytics-reconciliation-from-uploads = { $value } { $unit } ({ $count } अपलोड)

## समाधान CSV निर्यात का हेडर: मशीन के पढ़ने के लिए, हर भाषा में जैसा है वैसा ही रखें।

analytics-reconciliation-csv-upload-id = upload_id
analytics-reconciliation-csv-file-name = file_name
analytics-reconciliation-csv-meter = meter
analytics-reconciliation-csv-status = status
analytics-reconciliation-csv-uploaded-at = uploaded_at
analytics-reconciliation-csv-rows = rows
analytics-reconciliation-csv-accepted = accepted
analytics-reconciliation-csv-duplicates = duplicates
analytics-reconciliation-csv-rejected = rejected
analytics-reconciliation-csv-rejected-by-reason = rejected_by_reason
analytics-reconciliation-csv-value-in-file = value_in_file
analytics-reconciliation-csv-value-aggregated = value_aggregated
analytics-reconciliation-csv-events-aggregated = events_aggregated
analytics-reconciliation-csv-difference = difference
