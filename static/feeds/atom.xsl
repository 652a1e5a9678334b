<?xml version="1.0" encoding="utf-8"?>
<!-- How a browser shows showtracker's Atom feeds: a readable page of the entries, with a
     word on what a feed is. Feed readers ignore it and read the Atom itself. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="http://www.w3.org/2005/Atom"
    exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="utf-8" doctype-system="about:legacy-compat"/>
  <!-- The site's style sheet, named by the feed's second xml-stylesheet instruction
       (type="text/css"), so its hashed address comes from the site, not from here. -->
  <xsl:variable name="css-instruction"
      select="/processing-instruction('xml-stylesheet')[contains(., 'text/css')]"/>
  <xsl:variable name="css"
      select="substring-before(substring-after($css-instruction, 'href=&quot;'), '&quot;')"/>

  <xsl:template match="/atom:feed">
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="color-scheme" content="light dark"/>
        <title><xsl:value-of select="atom:title"/> (Atom feed)</title>
        <xsl:if test="$css"><link rel="stylesheet" href="{$css}"/></xsl:if>
      </head>
      <body>
        <main id="content" class="wrap feed-page">
          <p class="feed-page__note">This is an Atom feed. Copy its address into your feed
            reader to hear of every new announcement;
            <a href="{atom:link[@rel='alternate']/@href}">the page on showtracker</a> shows the
            same facts.</p>
          <h1><xsl:value-of select="atom:title"/></h1>
          <p class="lede"><xsl:value-of select="atom:subtitle"/></p>
          <ol class="timeline">
            <xsl:for-each select="atom:entry">
              <li class="timeline__item feed-page__entry">
                <p class="timeline__when"><time datetime="{substring(atom:published, 1, 10)}"><xsl:value-of select="substring(atom:published, 1, 10)"/></time></p>
                <h2 class="feed-page__title"><a href="{atom:link/@href}"><xsl:value-of select="atom:title"/></a></h2>
                <p><xsl:value-of select="atom:summary"/></p>
              </li>
            </xsl:for-each>
          </ol>
          <xsl:if test="not(atom:entry)"><p>No announcements yet.</p></xsl:if>
        </main>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
