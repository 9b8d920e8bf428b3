{
  "targets": [
    {
      "target_name": "typeshark_pcap",
      "sources": ["typeshark_pcap.c"],
      "libraries": ["-lpcap", "-lpthread"],
      "cflags": ["-O2", "-Wall", "-Wextra", "-Wno-unused-parameter"]
    }
  ]
}
