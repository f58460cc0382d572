<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>IPEDS Data Center - Complete Data Files</title></head>
<body>
<form method="post" action="./DataFiles.aspx?year=2023" id="form1">
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKLTM0NjEzNDY2Mg9kFgICAw9kFgI=" />
<h1>Complete Data Files</h1>
<p>Survey year: <select name="ddlYears"><option selected="selected" value="2023">2023</option>
<option value="2022">2022</option></select></p>
<table id="contentPlaceHolder_tblResult" class="idc_gridview">
<tr><th>Year</th><th>Survey</th><th>Title</th><th>Data File</th><th>Stata Data File</th><th>Dictionary</th></tr>
<tr><td>2023</td><td>Institutional Characteristics</td><td>Directory information</td>
<td><a href="data/HD2023.zip">HD2023</a></td><td><a href="data/HD2023_Data_Stata.zip">HD2023_Data_Stata</a></td>
<td><a href="data/HD2023_Dict.zip">Dictionary</a></td></tr>
<tr><td>2023</td><td>Completions</td><td>Awards/degrees conferred by program (6-digit CIP code), award level, race/ethnicity, and gender: July 1, 2022 to June 30, 2023</td>
<td><a href="data/C2023_A.zip">C2023_A</a></td><td><a href="data/C2023_A_Data_Stata.zip">C2023_A_Data_Stata</a></td>
<td><a href="data/C2023_A_Dict.zip">Dictionary</a></td></tr>
<tr><td>2023</td><td>Completions</td><td>Number of programs offered and number of programs offered via distance education, by award level: July 1, 2022 to June 30, 2023</td>
<td><a href="data/C2023DEP.zip">C2023DEP</a></td><td><a href="data/C2023DEP_Data_Stata.zip">C2023DEP_Data_Stata</a></td>
<td><a href="data/C2023DEP_Dict.zip">Dictionary</a></td></tr>
</table>
<p><a href="Default.aspx?gotoReportId=7">Back to the Data Center</a></p>
</form>
</body>
</html>
