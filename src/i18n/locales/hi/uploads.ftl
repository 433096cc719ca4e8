### उपयोग डेटा: अपलोड की सूची, अपलोड फ़ॉर्म, एक अपलोड (ड्राई रन, पुष्टि, अस्वीकृत पंक्तियाँ, रोलबैक) और CSV फ़ाइल व उसकी पंक्तियों के संदेश।
### कॉलम नाम (timestamp, event_name, payload_…), त्रुटि कोड और आईडी जैसे हैं वैसे ही रहते हैं।

## templates/uploads/list.html

uploads-list-title = उपयोग डेटा
uploads-upload-title = उपयोग डेटा अपलोड करें
uploads-list-no-meters = अभी कोई सक्रिय मीटर नहीं है — पहले <a href="/meters/new">एक मीटर बनाएं</a>; एक अपलोड एक ही मीटर के लिए घटनाएँ जोड़ता है।
uploads-list-heading = अपलोड
uploads-list-empty = अभी कोई अपलोड नहीं है। ऊपर CSV अपलोड करें, या घटनाएँ <code>POST /api/v1/events/ingest</code> पर भेजें।
uploads-list-table-label = अपलोड
uploads-list-col-file = फ़ाइल
uploads-list-col-meter = मीटर
uploads-list-col-who = किसने
uploads-list-col-when = कब
uploads-list-col-status = स्थिति
uploads-list-col-rows = पंक्तियाँ
uploads-list-col-accepted = स्वीकृत
uploads-list-col-rejected = अस्वीकृत
uploads-list-fixes = #{ $id } को सुधारता है
uploads-list-pager-label = पृष्ठ
uploads-list-newest = सबसे नए अपलोड
uploads-list-older = पुराने अपलोड
uploads-who-api-key = API कुंजी { $key }

## templates/uploads/status.html

uploads-status-succeeded = सफल
uploads-status-partially-failed = आंशिक रूप से विफल
uploads-status-failed = विफल
uploads-status-dry-run = ड्राई रन
uploads-status-rolled-back = रोलबैक किया गया
uploads-status-processing = प्रोसेस हो रहा है
uploads-status-all-fixed = सुधार के बाद सभी पंक्तियाँ संग्रहीत
uploads-status-all-fixed-title = कुछ पंक्तियाँ अस्वीकार की गई थीं; सुधारी गई फ़ाइलों ने उन सभी को संग्रहीत किया

## templates/uploads/form.html

uploads-form-meter-label = मीटर
uploads-form-meter-option = { $name } ({ $event })
uploads-form-file-label = CSV फ़ाइल (अधिकतम 5 MB)
uploads-form-file-help = हेडर: <code>timestamp,event_name,payload_customer_id,payload_&lt;property&gt;</code> — Stripe का टेम्पलेट (<code>payload_stripe_customer_id</code>) जैसा है वैसा ही काम करता है। किसी मीटर का टेम्पलेट उसके पृष्ठ से डाउनलोड करें।
uploads-form-dry-run = ड्राई रन: हर पंक्ति जाँचें और दिखाएँ कि हर मीटर में क्या जुड़ेगा, अभी कुछ भी संग्रहीत न करें
uploads-form-submit = अपलोड करें
uploads-form-progress-label = अपलोड की प्रगति

## templates/uploads/new.html

uploads-new-crumb = अपलोड करें
uploads-new-title-fix = अपलोड #{ $id } के लिए सुधारी गई फ़ाइल अपलोड करें
uploads-new-no-meters = कोई सक्रिय मीटर नहीं है — पहले <a href="/meters/new">एक मीटर बनाएं</a>।

## templates/uploads/show.html

uploads-show-title = अपलोड #{ $id }
uploads-show-prop-upload = अपलोड
uploads-show-corrects = <a href="/uploads/{ $id }">अपलोड #{ $id }</a> को सुधारता है
uploads-show-prop-meter = मीटर
uploads-show-prop-when = कब
uploads-show-prop-file = फ़ाइल
uploads-show-file-size = { $size } बाइट, SHA-256
uploads-show-prop-rows = पंक्तियाँ
uploads-show-rows = फ़ाइल में { $total }: { $accepted } स्वीकृत, { $duplicates } पहले से संग्रहीत (डुप्लिकेट), { $rejected } अस्वीकृत
uploads-show-rows-dry-run = फ़ाइल में { $total }: { $accepted } स्वीकृत होंगी, { $duplicates } पहले से संग्रहीत (डुप्लिकेट), { $rejected } अस्वीकृत
uploads-show-prop-fixed = तब से सुधारी गईं
uploads-show-fixed =
    { $fixed ->
        [one] { $rejected } अस्वीकृत पंक्तियों में से { $fixed } अब संग्रहीत है
       *[other] { $rejected } अस्वीकृत पंक्तियों में से { $fixed } अब संग्रहीत हैं
    }
uploads-show-prop-rolled-back = रोलबैक किया गया
uploads-show-rolled-back = इसकी घटनाएँ रद्द कर दी गईं और अब नहीं गिनी जातीं
uploads-show-prop-committed = इस रूप में संग्रहीत
uploads-show-committed-link = अपलोड #{ $id }
uploads-show-api-dry-run-title = API से ड्राई रन — कुछ भी संग्रहीत नहीं है
uploads-show-api-dry-run-note = यह ड्राई रन API से किया गया था। इसमें अस्वीकृत पंक्तियाँ रखी गई हैं (नीचे त्रुटि फ़ाइल देखें), पर फ़ाइल नहीं: पंक्तियाँ संग्रहीत करने के लिए सुधारी गई फ़ाइल फिर से अपलोड करें।
uploads-show-commit-title = ड्राई रन — अभी कुछ भी संग्रहीत नहीं है
uploads-show-same-file = यही फ़ाइल पहले <a href="/uploads/{ $id }">अपलोड #{ $id }</a> के रूप में अपलोड की जा चुकी है ({ $time })। इसे फिर से अपलोड करने पर इसकी पंक्तियाँ दोबारा जुड़ जाती हैं, जब तक उनमें कोई पहचानकर्ता न हो।
uploads-show-confirm-duplicate = हाँ, यह फ़ाइल फिर से अपलोड करें
uploads-show-commit =
    { $count ->
        [one] पुष्टि करें: { $count } स्वीकृत पंक्ति संग्रहीत करें
       *[other] पुष्टि करें: { $count } स्वीकृत पंक्तियाँ संग्रहीत करें
    }
uploads-show-gains-title = हर मीटर में क्या जुड़ा
uploads-show-gains-title-dry-run = हर मीटर में क्या जुड़ेगा
uploads-show-gains-col-meter = मीटर
uploads-show-gains-col-customer = ग्राहक
uploads-show-gains-col-events = घटनाएँ
uploads-show-gains-col-quantity = मात्रा
uploads-show-gains-max = (अधिकतम)
uploads-show-gains-min = (न्यूनतम)
uploads-show-gains-avg = (औसत)
uploads-show-gains-last = (अंतिम)
uploads-show-gains-unique-count = (फ़ाइल में अलग-अलग मूल्य)
uploads-show-rejects-title = अस्वीकृत पंक्तियाँ
uploads-show-rejects-help = त्रुटि फ़ाइल डाउनलोड करें: अस्वीकृत पंक्तियाँ जैसी अपलोड की गई थीं, एक <code>error</code> कॉलम के साथ। उन्हें वहीं सुधारें और नीचे फ़ाइल फिर से अपलोड करें।
uploads-show-download-errors = त्रुटि फ़ाइल डाउनलोड करें
uploads-show-by-reason = कारण के अनुसार:
uploads-show-reason-count = { $code } × { $count }
uploads-show-rejects-col-row = पंक्ति
uploads-show-rejects-col-reason = कारण
uploads-show-rejects-col-cells = सेल
uploads-show-rejects-more = पहली { $shown } दिखाई गई हैं; त्रुटि फ़ाइल में सभी { $total } हैं।
uploads-show-fix-title = सुधारी गई फ़ाइल अपलोड करें
uploads-show-fix-file-label = सुधारी गई CSV
uploads-show-fix-submit = सुधारी गई फ़ाइल अपलोड करें
uploads-show-rollback-title = रोलबैक करें
uploads-show-rollback-help =
    { $count ->
        [one] इस अपलोड से संग्रहीत { $count } घटना रद्द करता है: वह गिनी नहीं जाती, उपयोग फिर से गिना जाता है, और यह कार्रवाई ऑडिट लॉग में दर्ज होती है।
       *[other] इस अपलोड से संग्रहीत { $count } घटनाएँ रद्द करता है: वे गिनी नहीं जातीं, उपयोग फिर से गिना जाता है, और यह कार्रवाई ऑडिट लॉग में दर्ज होती है।
    }
uploads-show-rollback-confirm =
    { $count ->
        [one] अपलोड #{ $id } को रोलबैक करें? इसकी { $count } घटना अब नहीं गिनी जाएगी।
       *[other] अपलोड #{ $id } को रोलबैक करें? इसकी { $count } घटनाएँ अब नहीं गिनी जाएँगी।
    }
uploads-show-rollback-submit = यह अपलोड रोलबैक करें

## src/portal/uploads/handlers.rs, src/uploads/service.rs, src/web/multipart.rs

uploads-error-empty-file = फ़ाइल खाली है।
uploads-error-no-file = अपलोड करने के लिए कोई CSV फ़ाइल चुनें।
uploads-error-same-file = यह फ़ाइल पहले अपलोड #{ $id } के रूप में अपलोड की जा चुकी है। इसे फिर से अपलोड करने के लिए पुष्टि पर टिक करें।
uploads-error-no-meter = आईडी { $id } वाला कोई मीटर नहीं है।
uploads-error-meter-archived = मीटर { $name } संग्रहीत है और नई घटनाएँ नहीं लेता; पहले इसे संग्रह से निकालें।
uploads-error-no-upload = अपलोड #{ $id } मौजूद नहीं है।
uploads-error-fix-other-meter = सुधारी गई फ़ाइल उसी मीटर पर जाती है जिस पर वह अपलोड था जिसे वह सुधारती है।
uploads-error-too-large = फ़ाइल { $mb } MB से बड़ी है। इसे छोटी फ़ाइलों में बाँटें और हर एक को अपलोड करें।
uploads-error-not-dry-run = अपलोड #{ $id } ड्राई रन नहीं है।
uploads-error-dry-run-no-file = ड्राई रन #{ $id } API से किया गया था और उसने फ़ाइल नहीं रखी: इसे संग्रहीत करने के लिए फ़ाइल फिर से अपलोड करें।
uploads-error-already-committed = यह ड्राई रन पहले ही अपलोड #{ $id } के रूप में संग्रहीत हो चुका है।
uploads-error-cannot-roll-back = केवल वही अपलोड रोलबैक हो सकता है जिसने घटनाएँ संग्रहीत की हों; इसकी स्थिति “{ $status }” है।
uploads-error-nothing-stored = { $message } इस फ़ाइल से कुछ भी संग्रहीत नहीं हुआ।
uploads-error-database = डेटाबेस त्रुटि के कारण प्रोसेसिंग रुक गई और इस फ़ाइल से कुछ भी संग्रहीत नहीं हुआ। इसे फिर से अपलोड करें; अगर फिर विफल हो, तो विवरण सर्वर लॉग में है।
uploads-error-unreadable-form = अपलोड पढ़ा नहीं जा सका: { $error }। फ़ॉर्म को multipart/form-data के रूप में भेजें, फ़ाइल “file” फ़ील्ड में।
uploads-error-request-too-large = अपलोड अनुरोध { $bytes } बाइट से बड़ा है: CSV फ़ाइल (अधिकतम { $mb } MB) और कुछ छोटे फ़ील्ड भेजें।
uploads-error-file-twice = “file” फ़ील्ड दो बार भेजा गया है; हर अपलोड में एक ही फ़ाइल भेजें।

## src/uploads/csv_file/header.rs

uploads-header-first-line = पहली पंक्ति हेडर होनी चाहिए।
uploads-header-wrong-separator = कॉलम { $separator } से अलग किए गए हैं, कॉमा से नहीं। फ़ाइल को कॉमा वाली CSV के रूप में सहेजें (Excel में: CSV UTF-8 (Comma delimited))।
uploads-header-separator-tabs = टैब
uploads-header-column-unnamed = कॉलम { $column } का कोई नाम नहीं है।
uploads-header-column-bad-text = कॉलम { $name } { $problem }।
uploads-header-column-should-be = कॉलम { $name } का नाम { $expected } होना चाहिए।
uploads-header-payload-no-key = कॉलम “payload_” में payload_ के बाद संपत्ति का नाम नहीं है।
uploads-header-payload-key-too-long = कॉलम { $name } में संपत्ति का नाम { $chars } अक्षरों का है; अधिकतम { $max }।
uploads-header-unknown = अज्ञात कॉलम: { $columns }।
uploads-header-repeated = कॉलम { $columns } एक से अधिक बार आता है।
uploads-header-two-customer-columns = एक ही ग्राहक कॉलम इस्तेमाल करें, payload_customer_id या payload_stripe_customer_id, दोनों नहीं।
uploads-header-missing = ये कॉलम नहीं हैं: { $columns }।
uploads-header-list-more = { $list } और { $count } अन्य
uploads-header-expected = अपेक्षित हेडर: { $header } (Stripe का payload_stripe_customer_id भी चलता है; identifier और अन्य payload_… कॉलम वैकल्पिक हैं)।
uploads-file-unreadable = फ़ाइल को CSV के रूप में पढ़ा नहीं जा सका: { $error }
uploads-file-unreadable-at = फ़ाइल को CSV के रूप में पढ़ा नहीं जा सका (पंक्ति { $line }): { $error }
uploads-file-unclosed-quote = पंक्ति { $line } पर किसी सेल को खोलने वाला उद्धरण चिह्न (") कभी बंद नहीं होता, इसलिए बाकी फ़ाइल एक ही सेल के रूप में पढ़ी जाएगी। उद्धरण चिह्न बंद करें (उद्धृत सेल के भीतर उद्धरण चिह्न के लिए "" लिखें) और फिर से अपलोड करें।

## src/uploads/csv_file/mod.rs, src/ingest/pipeline.rs, src/text.rs

uploads-row-wrong-cell-count = पंक्ति में { $count } सेल हैं, हेडर में { $width }
uploads-row-timestamp = timestamp: { $error }
uploads-row-no-event-name = event_name खाली है
uploads-row-no-customer = { $column } खाली है
uploads-row-identifier-too-long = identifier { $chars } अक्षर लंबा है; अधिकतम { $max }
uploads-row-value-too-long = payload_{ $key } { $chars } अक्षर लंबा है; अधिकतम { $max }
uploads-row-nul = { $column } में अक्षर { $at } पर NUL अक्षर (U+0000) है; इसे हटाएँ
uploads-row-control = { $column } में अक्षर { $at } पर नियंत्रण अक्षर { $code } है; इसे हटाएँ
uploads-row-cell = सेल { $number }
uploads-text-nul = में अक्षर { $at } पर NUL अक्षर (U+0000) है; इसे हटाएँ
uploads-text-control = में अक्षर { $at } पर नियंत्रण अक्षर { $code } है; इसे हटाएँ
uploads-row-unknown-customer = आईडी “{ $id }” वाला कोई ग्राहक नहीं है (कॉलम payload_customer_id): इसे ग्राहक पेज पर बनाएं (ग्राहक → नया ग्राहक), या आईडी ठीक करें, फिर त्रुटि फ़ाइल दोबारा अपलोड करें
uploads-row-no-meter = कोई भी सक्रिय मीटर event_name “{ $name }” को नहीं सुनता — पहले इसके लिए मीटर बनाएं, या वर्तनी जाँचें (घटना नाम केस-संवेदी होते हैं)
uploads-row-no-meter-did-you-mean = कोई भी सक्रिय मीटर event_name “{ $name }” को नहीं सुनता — क्या आपका मतलब “{ $suggestion }” था? घटना नाम केस-संवेदी होते हैं
uploads-row-property = मीटर “{ $meter }” ({ $id }, { $what }): { $reason }

## The portal's words for the upload messages above (src/portal/uploads/messages.rs).

uploads-row-value-missing = कॉलम payload_{ $key } में कोई मूल्य नहीं है
uploads-row-value-not-number = कॉलम payload_{ $key } का मूल्य { $found } है, जो संख्या नहीं है
uploads-row-value-too-many-digits = कॉलम payload_{ $key } का मूल्य { $found } है, जिसमें बहुत अधिक अंक हैं (दशमलव बिंदु से पहले अधिकतम 16 और बाद में 12)
uploads-row-value-no-value = कॉलम payload_{ $key } का मूल्य { $found } है: गिनने के लिए कोई स्ट्रिंग, संख्या या बूलियन दें
uploads-row-timestamp-future = timestamp { $time } भविष्य में { $minutes } मिनट से अधिक आगे है (सर्वर समय { $now }); भेजने वाले की घड़ी जाँचें
uploads-file-not-csv = यह फ़ाइल { $kind } है, CSV फ़ाइल नहीं। उपयोग डेटा CSV फ़ाइल के रूप में अपलोड करें: स्प्रेडशीट में फ़ाइल → इस रूप में सहेजें / डाउनलोड → CSV UTF-8 चुनें, या मीटर का CSV टेम्पलेट भरें।
uploads-file-kind-pdf = एक PDF दस्तावेज़
uploads-file-kind-xlsx = एक Excel वर्कबुक (.xlsx)
uploads-file-kind-ods = एक OpenDocument स्प्रेडशीट या दस्तावेज़ (.ods, .odt)
uploads-file-kind-docx = एक Word दस्तावेज़ (.docx)
uploads-file-kind-zip = एक ZIP संग्रह
uploads-file-kind-xls = एक पुरानी Office फ़ाइल (जैसे Excel .xls वर्कबुक)
uploads-file-kind-png = एक PNG छवि
uploads-file-kind-jpeg = एक JPEG छवि
uploads-file-kind-gif = एक GIF छवि
uploads-file-kind-webp = एक WebP छवि
uploads-file-kind-gzip = एक gzip-संपीड़ित फ़ाइल
uploads-file-not-utf8 = फ़ाइल UTF-8 में नहीं है (पंक्ति { $line })। इसे CSV UTF-8 के रूप में सहेजें और फिर से अपलोड करें।
uploads-file-no-rows = फ़ाइल में कोई पंक्ति नहीं है: हेडर पंक्ति के नीचे हर उपयोग घटना के लिए एक पंक्ति जोड़ें (टेम्पलेट देखें)।
uploads-form-upload-failed = अपलोड सर्वर तक नहीं पहुँचा। कनेक्शन जाँचें और फिर से प्रयास करें।

## templates/uploads/list.html and show.html, added with the page's conversion

uploads-list-kinds-label = कौन-से अपलोड
uploads-list-tab-uploads = अपलोड
uploads-list-tab-dry-runs = ड्राई रन
uploads-list-tab-all = सभी
uploads-list-empty-dry-runs = कोई ड्राई रन नहीं।
uploads-show-all-fixed = इस फ़ाइल की हर पंक्ति संग्रहीत है।
