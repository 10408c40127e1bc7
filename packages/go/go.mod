module autosanawebhook

go 1.19
