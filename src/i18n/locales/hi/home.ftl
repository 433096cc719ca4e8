### डैशबोर्ड (templates/home/dashboard.html, src/portal/home.rs)।

home-title = डैशबोर्ड
home-lead = { -brand } में आपका स्वागत है। चार चरणों में अपने उत्पाद की उपयोग घटनाओं को बिल योग्य मात्राओं में बदलें।
home-step-customers-title = 1. ग्राहक जोड़ें
home-step-customers-text = वे खाते जिन्हें आप बिल करते हैं, उन आईडी के साथ जो आपका उत्पाद घटनाओं में भेजता है।
home-step-customers-link = ग्राहक
home-step-meters-title = 2. मीटर तय करें
home-step-meters-text = कौन-सी घटनाएँ गिनी जाएँ, और कैसे: किसी संपत्ति की गिनती, योग, अधिकतम या अंतिम मूल्य।
home-step-meters-link = मीटर
home-step-products-title = 3. उनका मूल्य तय करें
home-step-products-text = उपयोग-आधारित उत्पाद हर मीटर को प्रति इकाई मूल्य और मुफ्त सीमा देता है।
home-step-products-link = उत्पाद
home-step-usage-title = 4. उपयोग भेजें
home-step-usage-text = API, CSV अपलोड या मैन्युअल प्रविष्टि से।
home-step-usage-admin = { $link } में एक API कुंजी बनाएं।
home-step-usage-non-admin = API कुंजियाँ कोई व्यवस्थापक बनाता है।
home-step-usage-link = उपयोग डेटा

## डैशबोर्ड के आँकड़े, उपयोग और हाल के अपलोड (templates/home/dashboard.html)।

home-figures-title = इस महीने
home-events-stored = संग्रहीत घटनाएँ
home-events-month = इस महीने { $count }
home-active-month = इस महीने के सक्रिय ग्राहक
home-active-all = { $count } ने कभी उपयोग डेटा भेजा
home-charges = उपयोग चार्ज, मौजूदा चक्र
home-subscriptions = { $count } सदस्यता
home-charges-sub = { $subscriptions }, { $time } तक
home-no-subscriptions = अभी कोई सदस्यता नहीं है: किसी उत्पाद के लिए { $link }।
home-no-subscriptions-link = ग्राहक की सदस्यता बनाएँ
home-month-note = इस महीने: { $time } से। अधिक जानकारी { $link } में।
home-analytics-link = विश्लेषण
home-usage-title = इस महीने का उपयोग
home-col-meter = मीटर
home-col-month = इस महीने
home-col-all-time = अब तक
home-more-meters = विश्लेषण में सभी मीटर
home-uploads-title = हाल के अपलोड
home-uploads-empty = अभी कोई CSV अपलोड नहीं: घटनाएँ API या मैन्युअल प्रविष्टि से आईं। { $link }।
home-uploads-empty-link = उपयोग डेटा अपलोड करें
home-upload-row = { $meter }, { $total } में से { $accepted } पंक्तियाँ स्वीकार की गईं, { $time }
home-uploads-all = सभी अपलोड
home-still-to-do = अभी बाकी
home-getting-started = शुरुआत करें
home-step-usage-admin-link = सेटिंग्स → API कुंजियाँ
