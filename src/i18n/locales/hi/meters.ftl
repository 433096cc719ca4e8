### मीटर: सूची, फ़िल्टर बिल्डर सहित फ़ॉर्म, मीटर का पृष्ठ, लाइव स्ट्रीम, परीक्षण बेंच और पोर्टल में दिखने वाले सत्यापन संदेश।
### हिंदी के बहुवचन नियम: one = 0 और 1, other = बाकी सब।

## templates/meters/list.html

meters-list-title = मीटर
meters-list-new = नया मीटर
meters-list-tabs-label = मीटर की स्थिति
meters-list-tab-active = सक्रिय
meters-list-tab-archived = संग्रहीत
meters-list-empty-editor = अभी कोई मीटर नहीं है — उपयोग घटनाओं को बिल योग्य मात्राओं में बदलने के लिए <a href="/meters/new">अपना पहला मीटर बनाएं</a>।
meters-list-empty-viewer = अभी कोई मीटर नहीं है — कोई संपादक इन्हें बना सकता है।
meters-list-empty-archived = कोई संग्रहीत मीटर नहीं है।
meters-list-table-label = मीटर
meters-list-col-meter = मीटर
meters-list-col-event-name = घटना नाम
meters-list-col-aggregation = संचयन
meters-list-col-unit = इकाई
meters-list-col-filter = फ़िल्टर
meters-list-every-event = हर घटना
meters-list-pager-label = पृष्ठ
meters-list-first-page = पहला पृष्ठ
meters-list-next-page = अगला पृष्ठ

## src/meters/model.rs, aggregation_words।

meters-aggregation-words-count = घटनाओं की गिनती
meters-aggregation-words-sum = { $key } का योग
meters-aggregation-words-max = { $key } का अधिकतम
meters-aggregation-words-min = { $key } का न्यूनतम
meters-aggregation-words-avg = { $key } का औसत
meters-aggregation-words-last = { $key } का अंतिम मूल्य
meters-aggregation-words-unique-count = { $key } के अलग-अलग मूल्यों की संख्या

## templates/meters/form.html

meters-form-title-new = नया मीटर
meters-form-title-edit = मीटर संपादित करें
meters-form-crumb-new = नया
meters-form-crumb-edit = संपादित करें
meters-form-save-hidden = सहेजें
meters-form-section-meter = मीटर
meters-form-name-label = नाम
meters-form-name-help = रिपोर्ट में दिखता है, जैसे Tokens, API कॉल।
meters-form-description-label = वर्णन (वैकल्पिक)
meters-form-event-name-label = घटना नाम
meters-form-event-name-help = आपका उत्पाद जो event_name भेजता है, जैसे api.call। मिलान हूबहू और केस-संवेदी होता है: API.call एक अलग घटना है।
meters-form-section-aggregation = संचयन
meters-form-aggregation-label = संचयन प्रकार
meters-form-aggregation-key-label = संचयन संपत्ति (गिनती को छोड़कर सभी के लिए)
meters-form-aggregation-key-help = पढ़ी जाने वाली मेटाडेटा कुंजी, जैसे tokens या user_id। योग, अधिकतम, न्यूनतम, औसत और अंतिम को एक संख्या चाहिए; अलग-अलग मूल्यों की गिनती कोई भी मूल्य लेती है। गिनती के लिए खाली छोड़ें।
meters-form-unit-label = इकाई
meters-form-unit-help = मात्राओं के पास दिखती है: कॉल, tokens, GB।
meters-form-filter-title = घटना फ़िल्टरिंग
meters-form-filter-enabled = केवल वे घटनाएँ गिनें जो इन शर्तों से मेल खाती हैं
meters-form-filter-help = शर्तें किसी मेटाडेटा कुंजी की तुलना एक मूल्य से करती हैं। टेक्स्ट की तुलना केस-संवेदी होती है; “इससे बड़ा” जैसे तुलनात्मक केवल संख्याओं की तुलना करते हैं। अगर घटना में शर्त वाली कुंजी न हो, तो वह शर्त असत्य होती है। समूह अधिकतम 3 स्तर तक नेस्ट होते हैं, हर समूह में 1–10 खंड।
meters-form-preview-title = पूर्वावलोकन: इस महीने, प्रति ग्राहक
meters-form-preview-empty = इस महीने किसी भी ग्राहक का इस मीटर पर उपयोग नहीं है, न बदलाव से पहले न बाद में।
meters-form-preview-col-customer = ग्राहक
meters-form-preview-col-now = अभी
meters-form-preview-col-after = बदलाव के बाद
meters-form-preview-changed = बदला
meters-form-preview-help = अभी कुछ सहेजा नहीं गया है। सहेजने पर संग्रहीत घटनाओं से इस मीटर का उपयोग फिर से गिना जाता है।
meters-form-preview-button = बदलाव का पूर्वावलोकन करें
meters-form-save = परिवर्तन सहेजें
meters-form-create = मीटर बनाएं
meters-form-cancel = रद्द करें

## src/portal/meters/pages.rs, FormPage::aggregations।

meters-form-aggregation-count = गिनती — घटनाओं की संख्या
meters-form-aggregation-sum = योग — किसी संपत्ति का कुल
meters-form-aggregation-max = अधिकतम — किसी संपत्ति का सबसे बड़ा मूल्य
meters-form-aggregation-min = न्यूनतम — किसी संपत्ति का सबसे छोटा मूल्य
meters-form-aggregation-avg = औसत — किसी संपत्ति का औसत मूल्य
meters-form-aggregation-last = अंतिम — किसी संपत्ति का नवीनतम मूल्य
meters-form-aggregation-unique-count = अलग-अलग मूल्यों की गिनती — किसी संपत्ति के अलग-अलग मूल्यों की संख्या

## templates/meters/builder.html

meters-builder-group-legend = शर्त समूह
meters-builder-match-label = मिलान
meters-builder-remove-group = समूह हटाएँ
meters-builder-add-condition = शर्त जोड़ें
meters-builder-add-group = समूह जोड़ें
meters-builder-key-label = संपत्ति कुंजी
meters-builder-key-placeholder = जैसे region
meters-builder-comparator-label = तुलनात्मक
meters-builder-value-label = मूल्य
meters-builder-value-placeholder = जैसे eu-west
meters-builder-remove = हटाएँ

## src/portal/meters/builder.rs, src/metering/filter/mod.rs

meters-builder-conj-and = सभी (AND)
meters-builder-conj-or = कोई भी (OR)
meters-filter-keyword-and = और
meters-filter-keyword-or = या
meters-operator-equals = बराबर है
meters-operator-not-equals = बराबर नहीं है
meters-operator-greater-than = इससे बड़ा
meters-operator-greater-than-or-equals = इससे बड़ा या बराबर
meters-operator-less-than = इससे छोटा
meters-operator-less-than-or-equals = इससे छोटा या बराबर
meters-operator-contains = शामिल है
meters-operator-does-not-contain = शामिल नहीं है
meters-filter-condition = { $key } { $operator } { $value }

## src/metering/filter/parse.rs

meters-filter-key-empty = खाली नहीं हो सकता; जाँचने के लिए मेटाडेटा कुंजी दें, जैसे “region”।
meters-filter-key-too-long = { $chars } अक्षर लंबा है; कुंजी में अधिकतम { $max } अक्षर हो सकते हैं।
meters-filter-nul = इसमें NUL अक्षर नहीं हो सकता।
meters-filter-value-too-long = { $chars } अक्षर लंबा है; टेक्स्ट मूल्य में अधिकतम { $max } अक्षर हो सकते हैं।
meters-filter-needs-number = “{ $operator }” संख्याओं की तुलना करता है; कोई संख्या दें, जैसे 100।
meters-filter-needs-number-too-many-digits = “{ $operator }” संख्याओं की तुलना करता है; कोई संख्या दें, जैसे 100 ({ $value } में बहुत अधिक अंक हैं: दशमलव से पहले अधिकतम { $int } और बाद में { $frac })।
meters-filter-number-too-many-digits = { $value } में बहुत अधिक अंक हैं; संख्या में दशमलव से पहले अधिकतम { $int } और बाद में { $frac } अंक हो सकते हैं।
meters-filter-too-deep = समूह अधिकतम { $max } स्तर तक नेस्ट होते हैं। इस समूह के खंडों को एक स्तर ऊपर ले जाएँ।
meters-filter-group-empty = एक समूह में 1 से { $max } खंड होते हैं; इसमें कोई नहीं है। कोई शर्त जोड़ें या समूह हटाएँ।
meters-filter-group-too-many = एक समूह में 1 से { $max } खंड होते हैं; इसमें { $count } हैं। इन्हें नेस्टेड समूहों में बाँटें।
meters-filter-unknown-operator = अज्ञात तुलनात्मक { $given }; इनमें से एक का उपयोग करें: { $names }
meters-filter-unknown-conjunction = अज्ञात संयोजक { $given }; "and" या "or" का उपयोग करें

## src/meters/model.rs, src/validation.rs, src/metering/aggregation.rs

meters-error-name-required = मीटर का नाम दर्ज करें।
meters-error-unit-required = रिपोर्ट में दिखने वाली इकाई दर्ज करें, जैसे कॉल, tokens, GB।
meters-error-too-long = अधिकतम { $max } अक्षर इस्तेमाल करें।
meters-error-event-name-required = आपका उत्पाद जो घटना नाम भेजता है, वह दर्ज करें, जैसे api.call।
meters-error-event-name-spaces = घटना नामों का मिलान हूबहू होता है: शुरू या अंत की स्पेस हटाएँ।
meters-error-aggregation-unknown = अज्ञात संचयन “{ $given }”; count, sum, max, min, avg, last या unique_count में से एक इस्तेमाल करें।
meters-error-aggregation-key-missing = { $aggregation } को एक कुंजी चाहिए: पढ़ी जाने वाली मेटाडेटा संपत्ति, जैसे “bytes”।
meters-error-aggregation-key-not-allowed = गिनती को कुंजी की ज़रूरत नहीं: यह घटनाएँ गिनती है।
meters-error-aggregation-key-too-long = कुंजी { $chars } अक्षर लंबी है; कुंजी में अधिकतम 100 अक्षर हो सकते हैं।
meters-error-aggregation-key-nul = कुंजी में NUL अक्षर नहीं हो सकता।
meters-error-not-found = आईडी { $id } वाला कोई मीटर नहीं है।
meters-error-text-nul = इस पाठ में अक्षर { $at } पर NUL अक्षर (U+0000) है; इसे हटाएँ।
meters-error-text-control = इस पाठ में अक्षर { $at } पर नियंत्रण अक्षर { $code } है; इसे हटाएँ।
meters-error-property-missing = संचयन संपत्ति: पढ़ी जाने वाली मेटाडेटा कुंजी दर्ज करें — { $aggregation } को एक कुंजी चाहिए, जैसे tokens या bytes।
meters-error-property-not-allowed = संचयन संपत्ति: गिनती के लिए इसे खाली छोड़ें, गिनती घटनाओं को गिनती है।
meters-error-property-too-long = संचयन संपत्ति: यह कुंजी { $chars } अक्षरों की है; अधिकतम 100 अक्षर रखें।
meters-error-property-nul = संचयन संपत्ति: कुंजी में NUL अक्षर नहीं होना चाहिए।
meters-error-condition = शर्त { $number }
meters-error-condition-key = शर्त { $number } ({ $key })
meters-error-the-filter = फ़िल्टर
meters-error-group = समूह { $number }
meters-error-filter-key-empty = { $which }: कुंजी खाली है — जाँचने के लिए मेटाडेटा कुंजी दें, जैसे “region”।
meters-error-filter-at = { $which }: { $message }
meters-error-filter-field = { $which }, { $field }: { $message }
meters-error-filter-shape = फ़िल्टर का यह हिस्सा मान्य नहीं है: सूची से एक तुलनात्मक चुनें और एक मान दें।

## templates/meters/show.html

meters-show-archived-badge = संग्रहीत
meters-show-edit = संपादित करें
meters-show-archive = संग्रहीत करें
meters-show-archive-confirm = { $name } को संग्रहीत करें? इसका डेटा बना रहता है, पर यह नई घटनाएँ नहीं लेता।
meters-show-unarchive = संग्रह से निकालें
meters-show-stats-label = इस महीने
meters-show-events-this-month = इस महीने की घटनाएँ
meters-show-quantity-this-month = इस महीने: { $aggregation }
meters-show-stats-note = सभी ग्राहक, { $start } से { $end } तक (कैलेंडर महीना)। हर ग्राहक का बिल उसके अपने बिलिंग चक्र के अनुसार बनता है।
meters-show-definition-title = यह क्या गिनता है
meters-show-definition = { $event } घटनाओं में { $aggregation }, { $unit } में।
meters-show-definition-filtered = उन { $event } घटनाओं में { $aggregation } जहाँ { $filter }, { $unit } में।
meters-show-prop-id = आईडी
meters-show-prop-event-name = घटना नाम
meters-show-prop-exact = (हूबहू, केस-संवेदी)
meters-show-prop-aggregation = संचयन
meters-show-prop-unit = इकाई
meters-show-prop-filter = फ़िल्टर
meters-show-prop-no-filter = कोई नहीं — इस नाम की हर घटना गिनी जाती है
meters-show-prop-status = स्थिति
meters-show-prop-created = बनाया गया
meters-show-prop-updated = अपडेट किया गया
meters-status-active = सक्रिय
meters-status-archived = संग्रहीत
meters-show-cycle-title = इस बिलिंग चक्र के ग्राहक
meters-show-cycle-empty = किसी भी ग्राहक के पास इस मीटर वाले उत्पाद की सदस्यता नहीं है। <a href="/products">इसे किसी उत्पाद से जोड़ें</a>, फिर ग्राहकों की सदस्यता बनाएं।
meters-show-cycle-col-customer = ग्राहक
meters-show-cycle-col-cycle = चक्र (ग्राहक का अपना)
meters-show-cycle-col-free = मुफ्त सीमा
meters-show-cycle-col-charge = चार्ज
meters-show-cycle-help = ग्राहक आईडी के क्रम में पहले { $count }। सभी: <a href="/analytics/customers">विश्लेषण → ग्राहक</a>।
meters-show-stream-title = लाइव घटना स्ट्रीम
meters-show-stream-col-event-id = घटना आईडी
meters-show-stream-col-customer = ग्राहक
meters-show-stream-col-timestamp = टाइमस्टैम्प
meters-show-stream-col-source = स्रोत
meters-show-stream-all-events = वे सभी घटनाएँ जिन्हें यह मीटर गिनता है
meters-show-stream-refresh = रीफ़्रेश करें
meters-show-add-usage-title = उपयोग डेटा जोड़ें
meters-show-manual-title = मैन्युअल प्रविष्टि
meters-show-manual-customer-label = ग्राहक
meters-show-manual-customer-placeholder = आईडी, ईमेल या नाम से खोजने के लिए टाइप करें
meters-show-manual-customer-help = ग्राहक आईडी, जैसे cus_QMJJtcu70R1x46।
meters-show-manual-count-label = घटनाओं की संख्या
meters-show-manual-count-help = हर घटना एक बार गिनी जाती है। खाली का मतलब 1।
meters-show-manual-value-label = { $key } का मूल्य
meters-show-manual-unique-help = यह घटना जो मूल्य गिनती है, जैसे कोई यूज़र आईडी। मूल्यों की तुलना टेक्स्ट के रूप में होती है; 1 और 1.0 एक ही संख्या हैं।
meters-show-manual-number-help = एक संख्या, जैसे 250 या 0.5।
meters-show-manual-negative = ऋणात्मक मूल्य दर्ज करें (यह उपयोग घटाता है)
meters-show-manual-time-label = समय (वैकल्पिक)
meters-show-manual-time-help = खाली = अभी। 2024-09-23, 2024-09-23 16:22:25 ({ $zone }) या 2024-09-23T16:22:25+05:30।
meters-show-manual-properties-label = फ़िल्टर के लिए संपत्तियाँ
meters-show-manual-properties-help = कुंजी=मूल्य, हर पंक्ति में एक। यह मीटर केवल वे घटनाएँ गिनता है जहाँ { $filter }।
meters-show-manual-submit = सबमिट करें
meters-show-upload-title = उपयोग डेटा अपलोड करें
meters-show-template-link = CSV टेम्पलेट डाउनलोड करें
meters-show-template-rest = (इस मीटर के लिए)।
meters-show-bench-title = कोई घटना क्यों नहीं गिनी गई?
meters-show-bench-event-label = घटना आईडी
meters-show-bench-event-placeholder = जैसे evt_123
meters-show-bench-submit = इस मीटर पर परखें
meters-show-bench-help = या <a href="{ $url }">किसी घटना को JSON के रूप में चिपकाएँ</a>। परीक्षण बेंच एक-एक जाँच करके दिखाता है कि यह मीटर उसे क्यों गिनता है या क्यों नहीं।
meters-show-uploads-title = हाल के अपलोड
meters-show-uploads-empty = अभी कोई नहीं।
meters-show-uploads-rows =
    { $total ->
        [one] { $total } में से { $accepted } पंक्ति स्वीकार की गई, { $time }
       *[other] { $total } में से { $accepted } पंक्तियाँ स्वीकार की गईं, { $time }
    }
meters-show-uploads-all = सभी अपलोड

## templates/meters/stream.html

meters-stream-empty = अभी कोई घटना नहीं गिनी गई।

## src/ingest/manual.rs

meters-manual-error-property-line = पंक्ति { $line }: हर संपत्ति कुंजी=मूल्य के रूप में लिखें, जैसे region=eu।
meters-manual-error-archived = यह मीटर संग्रहीत है और नई घटनाएँ नहीं लेता।
meters-manual-error-customer = कोई ग्राहक चुनें।
meters-manual-error-count = गिनती वाले मीटर के लिए दर्ज करें कि कितनी घटनाएँ जोड़नी हैं: 1 से { $max } तक।
meters-manual-error-unique-value = यह घटना जो { $key } गिनती है, वह दर्ज करें, जैसे कोई यूज़र आईडी।
meters-manual-error-negative = { $value } ऋणात्मक है: यह इस मीटर का उपयोग घटाता है। फिर भी दर्ज करने के लिए “ऋणात्मक मूल्य दर्ज करें” पर टिक करें, या कोई धनात्मक संख्या दर्ज करें।
meters-manual-error-future = { $time } भविष्य में है: मैन्युअल प्रविष्टि पहले हो चुके उपयोग को दर्ज करती है। बीता हुआ समय दर्ज करें, या अभी के लिए फ़ील्ड खाली छोड़ें।
meters-manual-error-number = { $key } को संख्या के रूप में दर्ज करें, जैसे 250 या 0.5 (हज़ार के विभाजक के बिना)।
meters-manual-error-no-property = इस मीटर में दर्ज करने के लिए कोई संपत्ति नहीं है।
meters-manual-error-filter = इस मीटर का फ़िल्टर यह घटना नहीं गिनेगा: { $reasons }। नीचे उसकी ज़रूरी संपत्तियाँ जोड़ें।

## templates/meters/test.html

meters-test-title = किसी घटना का परीक्षण — { $name }
meters-test-crumb = किसी घटना का परीक्षण
meters-test-heading = यह घटना क्यों गिनी गई (या नहीं गिनी गई)?
meters-test-lead = यह मीटर { $event } घटनाओं में { $aggregation } गिनता है।
meters-test-lead-filtered = यह मीटर उन { $event } घटनाओं में { $aggregation } गिनता है जहाँ { $filter }।
meters-test-stored-title = संग्रहीत घटना
meters-test-event-id-label = घटना आईडी
meters-test-event-id-placeholder = जैसे evt_123
meters-test-event-id-help = इसे <a href="/analytics/events">घटनाएँ</a> से या किसी अपलोड की पंक्तियों से कॉपी करें।
meters-test-submit = इस घटना का परीक्षण करें
meters-test-pasted-title = JSON के रूप में घटना
meters-test-json-label = घटना
meters-test-verdict-counted = गिनी गई
meters-test-verdict-not-counted = नहीं गिनी गई
meters-test-counts = यह मीटर { $source } को गिनता है
meters-test-does-not-count = यह मीटर { $source } को नहीं गिनता
meters-test-checks-label = जाँचें
meters-test-col-check = जाँच
meters-test-col-result = परिणाम
meters-test-col-why = क्यों
meters-test-passes = सफल
meters-test-fails = विफल
meters-test-filter-title = फ़िल्टर, एक-एक शर्त
meters-test-event-title = घटना
meters-test-prop-event-name = घटना नाम
meters-test-prop-customer = ग्राहक
meters-test-prop-timestamp = टाइमस्टैम्प

## src/meters/bench.rs

meters-bench-source-stored = संग्रहीत घटना { $id }
meters-bench-source-pasted = चिपकाई गई घटना
# पार्सर द्वारा अस्वीकृत चिपकाया गया JSON (src/meters/bench_json.rs)।
meters-bench-json = यह अभी मान्य JSON नहीं है: { $problem }।
meters-bench-json-at = यह अभी मान्य JSON नहीं है — पंक्ति { $line }, स्तंभ { $column }: { $problem }।
meters-bench-json-at-near = यह अभी मान्य JSON नहीं है — पंक्ति { $line }, स्तंभ { $column }, “{ $near }” के ठीक बाद: { $problem }।
meters-bench-json-unclosed-object = घटना बंद होने से पहले ही पाठ समाप्त हो जाता है: बंद करने वाला {"}"} नहीं है
meters-bench-json-unclosed-list = पाठ एक सूची के भीतर समाप्त हो जाता है: बंद करने वाला ] नहीं है
meters-bench-json-unclosed-string = पाठ उद्धरण चिह्नों के भीतर समाप्त हो जाता है: बंद करने वाला " नहीं है
meters-bench-json-ends-before-value = पाठ वहाँ समाप्त हो जाता है जहाँ एक मान अपेक्षित था
meters-bench-json-comma-or-brace = यहाँ अल्पविराम या बंद करने वाला {"}"} अपेक्षित है — क्या दो प्रविष्टियों के बीच अल्पविराम छूट गया है?
meters-bench-json-comma-or-bracket = यहाँ अल्पविराम या बंद करने वाला ] अपेक्षित है — क्या दो तत्वों के बीच अल्पविराम छूट गया है?
meters-bench-json-colon = कुंजी और उसके मान के बीच कोलन अपेक्षित है, जैसे "region": "eu"
meters-bench-json-key-not-quoted = कुंजियाँ दोहरे उद्धरण चिह्नों में लिखी जाती हैं, जैसे "region"
meters-bench-json-trailing-comma = बंद करने वाले कोष्ठक से पहले का अल्पविराम हटाएँ
meters-bench-json-trailing-characters = घटना के बाद और पाठ है: केवल एक घटना ऑब्जेक्ट चिपकाएँ
meters-bench-json-value-expected = यहाँ एक मान अपेक्षित है: दोहरे (एकल नहीं) उद्धरण चिह्नों में पाठ, एक संख्या, true, false या null
meters-bench-json-control-character = उद्धरण चिह्नों के पाठ में पंक्ति-विराम या टैब है: इसे \n या \t लिखें
meters-bench-json-invalid-escape = उद्धरण चिह्नों के पाठ में बैकस्लैश एक अज्ञात एस्केप शुरू करता है: बैकस्लैश के लिए \\ लिखें
meters-bench-json-invalid-number = यह संख्या JSON के संख्या लिखने के तरीके से नहीं लिखी गई है (अंक, एक दशमलव बिंदु)
meters-bench-json-other = यहाँ पाठ मान्य JSON नहीं है
meters-bench-not-object = एक घटना ऑब्जेक्ट चिपकाएँ, जैसे {"{"}"event_name": "api.call", "customer_id": "cus_1", "metadata": {"{"}"region": "eu"{"}"}{"}"}।
meters-bench-metadata-not-object = metadata कुंजियों और मूल्यों का ऑब्जेक्ट होना चाहिए।
meters-bench-timestamp-invalid = timestamp: { $error }
meters-bench-timestamp-not-string = timestamp एक स्ट्रिंग होनी चाहिए, जैसे 2024-09-23T16:22:25Z।
meters-bench-no-event-name = घटना में event_name होना चाहिए।
meters-bench-no-stored-event = आईडी “{ $id }” वाली कोई संग्रहीत घटना नहीं है।
meters-bench-check-event-name = घटना नाम
meters-bench-check-status = मीटर की स्थिति
meters-bench-check-filter = फ़िल्टर
meters-bench-check-property = संपत्ति
meters-bench-check-customer = ग्राहक
meters-bench-check-period = अवधि
meters-bench-event-name-matches = “{ $name }” इस मीटर का घटना नाम है
meters-bench-event-name-differs = “{ $name }”, “{ $expected }” नहीं है
meters-bench-event-name-differs-case = “{ $name }”, “{ $expected }” नहीं है — दोनों में केवल केस या विराम चिह्न का अंतर है; घटना नामों का मिलान हूबहू होता है
meters-bench-status-active = सक्रिय
meters-bench-status-archived = संग्रहीत: यह नई घटनाएँ नहीं लेता
meters-bench-filter-none = कोई फ़िल्टर नहीं: इस नाम की हर घटना गिनी जाती है
meters-bench-filter-holds = शर्तें पूरी होती हैं (नीचे देखें)
meters-bench-filter-fails = शर्तें पूरी नहीं होतीं (नीचे देखें)
meters-bench-property-count = गिनती: घटना स्वयं इकाई है
meters-bench-customer-missing = कोई customer_id नहीं
meters-bench-customer-exists = { $id } मौजूद है
meters-bench-customer-unknown = “{ $id }” कोई ज्ञात ग्राहक नहीं है: इसकी घटनाएँ अस्वीकार की जाती हैं
meters-bench-period-none = कोई टाइमस्टैम्प नहीं: इसे प्राप्ति के समय का टाइमस्टैम्प मिलेगा
meters-bench-period-in = { $time } इस महीने के आँकड़ों में है
meters-bench-period-out = { $time } इस महीने ({ $start } से { $end }) से बाहर है: यह अपनी अवधि में गिना जाता है, इस महीने के आँकड़ों में नहीं

## src/metering/aggregation.rs ValueError

meters-value-missing = संपत्ति “{ $key }” मौजूद नहीं है
meters-value-not-number = संपत्ति “{ $key }” { $found } है, संख्या नहीं
meters-value-too-many-digits = संपत्ति “{ $key }” { $found } है, जिसमें बहुत अधिक अंक हैं (दशमलव से पहले अधिकतम 16 और बाद में 12)
meters-value-no-value = संपत्ति “{ $key }” { $found } है: गिनने के लिए स्ट्रिंग, संख्या या बूलियन दें
meters-value-a-list = एक सूची
meters-value-an-object = एक ऑब्जेक्ट

## src/metering/filter/eval.rs

meters-explain-all-of = सभी
meters-explain-any-of = कोई भी
meters-explain-group-all = { $total } में से { $holding } खंड पूरे होते हैं; सभी का पूरा होना ज़रूरी है
meters-explain-group-any = { $total } में से { $holding } खंड पूरे होते हैं; एक ही काफ़ी है
meters-explain-key-missing = कुंजी { $key } मौजूद नहीं है
meters-explain-key-null = कुंजी { $key } null है
meters-explain-key-holds = कुंजी { $key } में { $value } है
meters-explain-filter-not-number = फ़िल्टर मूल्य { $filter } संख्या नहीं है
meters-explain-not-number = { $value } संख्या नहीं है
meters-explain-equals = { $value }, { $filter } के बराबर है
meters-explain-not-equal = { $value }, { $filter } के बराबर नहीं है
meters-explain-equals-as-numbers = { $value }, { $filter } के बराबर है (संख्याओं के रूप में तुलना)
meters-explain-not-equal-as-numbers = { $value }, { $filter } के बराबर नहीं है (संख्याओं के रूप में तुलना)
meters-explain-greater = { $value }, { $filter } से बड़ा है
meters-explain-not-greater = { $value }, { $filter } से बड़ा नहीं है
meters-explain-greater-or-equal = { $value }, { $filter } से बड़ा या उसके बराबर है
meters-explain-less = { $value }, { $filter } से छोटा है
meters-explain-not-less = { $value }, { $filter } से छोटा नहीं है
meters-explain-less-or-equal = { $value }, { $filter } से छोटा या उसके बराबर है
meters-explain-contains = { $value } में { $filter } शामिल है
meters-explain-not-contains = { $value } में { $filter } शामिल नहीं है
meters-explain-case-differs = { $value }, { $filter } के बराबर नहीं है (अक्षरों का केस अलग है; तुलना केस-संवेदी होती है)
meters-explain-not-contains-case-differs = { $value } में { $filter } शामिल नहीं है (अक्षरों का केस अलग है; तुलना केस-संवेदी होती है)

## src/metering/timestamp.rs

meters-timestamp-formats = 2024-09-23, 2024-09-23 16:22:25 (आपके समय क्षेत्र में), 2024-09-23T16:22:25Z, 2024-09-23T16:22:25+05:30 (या +0530) या यूनिक्स सेकंड, जैसे 1727108545, इस्तेमाल करें
meters-timestamp-empty = टाइमस्टैम्प खाली है; { $help }
meters-timestamp-invalid = { $given } ऐसा टाइमस्टैम्प नहीं है जिसे हम पढ़ सकें; { $help }
meters-timestamp-not-a-date = { $given } कोई वास्तविक तारीख नहीं है; { $help }
meters-timestamp-out-of-range = { $given } सीमा से बाहर है
meters-timestamp-milliseconds = { $given } Unix सेकंड के लिए बहुत बड़ा है (मिलीसेकंड? अंतिम तीन अंक हटाएँ); { $help }
meters-timestamp-non-ascii-digit = { $given } में अक्षर { $at } पर अंक { $char } है; ASCII अंक 0-9 इस्तेमाल करें, जैसे 2024-09-23 या 2024-09-23T16:22:25Z
meters-timestamp-bad-character = { $given } में अक्षर { $at } पर वर्ण { $char } है, जो किसी टाइमस्टैम्प में नहीं होता; { $help }

## Manual entry refused (templates/meters/show.html, src/portal/meters/handlers.rs).

meters-show-manual-nothing-recorded = कुछ भी दर्ज नहीं हुआ। कृपया निम्नलिखित ठीक करें:
meters-show-manual-unknown-customer = आईडी { $id } वाला कोई ग्राहक अभी नहीं है। { $link } (उसे यही आईडी दें), फिर उपयोग दोबारा दर्ज करें — या सूची से कोई मौजूदा ग्राहक चुनें।
meters-show-manual-create-customer = ग्राहक बनाएं
meters-manual-error-unknown-customer = आईडी “{ $id }” वाला कोई ग्राहक नहीं है: पहले उसे बनाएं (ग्राहक → नया ग्राहक), या सूची से कोई चुनें।

## templates/meters/archive.html (archiving a meter that live products price)

meters-archive-title = { $name } को संग्रहीत करें?
meters-archive-crumb = संग्रहीत करें
meters-archive-live-products = सक्रिय उत्पाद इस मीटर के आधार पर मूल्य तय करते हैं:
meters-archive-subscriptions =
    { $count ->
        [one] { $count } सक्रिय सदस्यता
       *[other] { $count } सक्रिय सदस्यताएँ
    }
meters-archive-consequence = संग्रहीत होने पर मीटर नई घटनाएँ नहीं लेता: अब से इसके लिए भेजा गया उपयोग गिना नहीं जाता, इसलिए उन सदस्यताओं पर इसके लिए चार्ज जुड़ना बंद हो जाता है।
meters-archive-confirm-submit = फिर भी संग्रहीत करें
meters-archive-keep = इसे सक्रिय रखें
