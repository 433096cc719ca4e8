### साइन इन पृष्ठ।

login-title = साइन इन करें
login-heading = साइन इन करें
login-email = ईमेल
login-password = पासवर्ड
login-submit = साइन इन करें
login-failed = ईमेल या पासवर्ड गलत है।
login-throttled = साइन इन के बहुत अधिक असफल प्रयास। { $minutes } मिनट बाद फिर से प्रयास करें।
