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
home-step-usage-admin = <a href="/settings/api-keys">सेटिंग्स → API कुंजियाँ</a> में एक API कुंजी बनाएं।
home-step-usage-non-admin = API कुंजियाँ कोई व्यवस्थापक बनाता है।
home-step-usage-link = उपयोग डेटा
