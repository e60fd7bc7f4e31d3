"""Portal health: what each run tells (``facts``), the checks that judge it (``checks``, Spidermon monitors in
``suite``), the state they leave and the one alert a change raises (``suite.RecordHealth``), the status table
(``status``) and the injected-spam guard (``spam``). Checks decide; the store records and alerts."""
