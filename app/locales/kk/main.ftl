app-name = Qadam
